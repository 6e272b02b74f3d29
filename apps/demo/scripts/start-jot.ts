import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SERVER_DIR = join(import.meta.dir, "..", "..", "server");

/** A jot server started by {@link startJot}. */
export interface JotProcess {
  url: string;
  /** SIGTERM, wait for the exit, remove the data folder. */
  stop(): Promise<void>;
}

/**
 * Starts jot as a user does, with `bun run start` and the server's own defaults (throttling
 * included), on `port` of 127.0.0.1 (0: one the kernel picks), keeping its data in a temporary folder. `env` adds variables.
 * Its output is passed through, so the demo shows the server's own lines; resolves once it listens.
 */
export async function startJot(port: number, env: Record<string, string>): Promise<JotProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "jot-demo-"));
  const child = Bun.spawn(["bun", "run", "--silent", "start"], {
    cwd: SERVER_DIR,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `sqlite://${dataDir}/jot.sqlite`, ...env },
    stdin: "ignore",
    stdout: "inherit",
    stderr: "pipe",
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await child.exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  // The server says on stderr when it listens; everything it prints there is passed on.
  const reader = child.stderr.getReader();
  const decoder = new TextDecoder();
  let printed = "";
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const text = decoder.decode(read.value, { stream: true });
    process.stderr.write(text);
    printed += text;
    const listening = /jot listening on port (\d+)/.exec(printed);
    if (listening) {
      void (async () => {
        for (let more = await reader.read(); !more.done; more = await reader.read()) process.stderr.write(more.value);
      })();
      return { url: `http://127.0.0.1:${listening[1]}`, stop };
    }
  }
  await stop();
  throw new Error("jot did not start (its output is above)");
}
