import { join } from "node:path";

/**
 * Options of {@link serveDemo}.
 *
 * @example
 * ```ts
 * const options: DemoServerOptions = { dir: "dist", jotUrl: () => jot.url, port: 0 };
 * ```
 */
export interface DemoServerOptions {
  /** The folder `buildDemo` wrote (index.html, app.js, app.css). */
  dir: string;
  /**
   * The jot server the page talks to; a function when it is known only after the demo server
   * started (its origin goes into jot's CORS_ORIGINS). Read on every page load.
   */
  jotUrl: string | (() => string);
  /** @default 0: any free port */
  port?: number;
  /** @default "127.0.0.1": loopback only */
  hostname?: string;
}

/**
 * The running demo server.
 *
 * @example
 * ```ts
 * const demo = serveDemo({ dir: "dist", jotUrl: "http://127.0.0.1:3000" });
 * console.log(demo.origin); // http://127.0.0.1:41234
 * await demo.stop();
 * ```
 */
export interface DemoServer {
  /** `http://host:port`, exactly what the browser sends as `Origin` (put it in jot's CORS_ORIGINS). */
  origin: string;
  stop(): Promise<void>;
}

const ASSETS: Record<string, string> = {
  "/app.js": "text/javascript; charset=utf-8",
  "/app.css": "text/css; charset=utf-8",
};

/**
 * Serves the built demo page with `Bun.serve`: `/` is index.html with the jot URL filled in, plus
 * its script and stylesheet; anything else is 404. A Content-Security-Policy lets the page load
 * only its own files and connect only to itself and the jot server.
 *
 * @example
 * ```ts
 * const demo = serveDemo({ dir: join(import.meta.dir, "..", "dist"), jotUrl: "http://127.0.0.1:3000", port: 5173 });
 * ```
 */
export function serveDemo(options: DemoServerOptions): DemoServer {
  const jotUrl = typeof options.jotUrl === "function" ? options.jotUrl : () => options.jotUrl as string;
  const template = Bun.file(join(options.dir, "index.html"));

  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    async fetch(request) {
      if (request.method !== "GET" && request.method !== "HEAD") return new Response("Method not allowed", { status: 405 });
      const { pathname } = new URL(request.url);
      if (pathname === "/" || pathname === "/index.html") {
        const url = jotUrl();
        const html = (await template.text()).replace("%JOT_URL%", escapeAttribute(url));
        return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", ...securityHeaders(url) } });
      }
      const type = ASSETS[pathname];
      if (type === undefined) return new Response("Not found", { status: 404 });
      return new Response(Bun.file(join(options.dir, pathname.slice(1))), {
        headers: { "content-type": type, "cache-control": "no-store" },
      });
    },
  });

  return {
    origin: `http://${options.hostname ?? "127.0.0.1"}:${server.port}`,
    stop: () => server.stop(true),
  };
}

function securityHeaders(jotUrl: string): Record<string, string> {
  let jotOrigin = "";
  try {
    jotOrigin = new URL(jotUrl).origin;
  } catch {
    // No usable jot URL yet: the page may only talk to itself.
  }
  return {
    "content-security-policy": `default-src 'self'; connect-src ${["'self'", jotOrigin].filter(Boolean).join(" ")}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
  };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
