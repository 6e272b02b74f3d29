import { ConfigError } from "./config-error.ts";

/** A comma-separated list of browser origins (`CORS_ORIGINS`, `WEBAUTHN_ORIGINS`); `undefined` when unset. */
export function readOrigins(text: string | undefined, variable: string): string[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text.split(",").map((entry) => {
    const origin = entry.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {}
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(variable, `"${origin}" is not an origin such as https://app.example.com or http://localhost:5173`);
    }
    return origin;
  });
}
