import type { RelyingParty } from "@jot/elysia/server";
import { ConfigError } from "./config-error.ts";
import { readOrigins } from "./read-origins.ts";

type Env = Record<string, string | undefined>;

/** What the passkey settings are read beside. */
interface WebAuthnContext {
  production: boolean;
  port: number;
  corsOrigins: readonly string[];
  warnings: string[];
}

/** A domain name: an RP ID is never an IP address (browsers refuse one). */
const DOMAIN_NAME = /^(?=.{1,253}$)(?!\d+(\.\d+)*$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const hostOf = (origin: string) => new URL(origin).hostname;
const onDomain = (origin: string, id: string) => hostOf(origin) === id || hostOf(origin).endsWith(`.${id}`);

/**
 * The relying party passkeys are bound to (S-34), from `WEBAUTHN_RP_ID`, `WEBAUTHN_RP_NAME` and
 * `WEBAUTHN_ORIGINS`, never from a request. Unset, the RP ID is the host of the first origin named
 * by a domain (`localhost` in development), and the origins are the `CORS_ORIGINS` on that domain
 * (in development with none, the server's own `http://localhost:<PORT>`). A value given that does
 * not fit is refused; in production so is an origin given that is not HTTPS. Production with
 * nothing to derive them from serves no passkey routes, and warns.
 */
export function readWebAuthn(env: Env, { production, port, corsOrigins, warnings }: WebAuthnContext): RelyingParty | undefined {
  const givenOrigins = readOrigins(env.WEBAUTHN_ORIGINS, "WEBAUTHN_ORIGINS");
  const givenId = env.WEBAUTHN_RP_ID?.trim() || undefined;
  const name = env.WEBAUTHN_RP_NAME?.trim() || "jot";
  if (givenId !== undefined && !DOMAIN_NAME.test(givenId)) throw new ConfigError("WEBAUTHN_RP_ID", `"${givenId}" is not a domain name such as example.com (an IP address cannot be one)`);
  const id = givenId ?? (givenOrigins ?? corsOrigins).map(hostOf).find((host) => DOMAIN_NAME.test(host)) ?? (production ? undefined : "localhost");
  if (givenOrigins) {
    for (const origin of givenOrigins) {
      if (production && !origin.startsWith("https://")) throw new ConfigError("WEBAUTHN_ORIGINS", `passkeys need HTTPS origins in production, got "${origin}"`);
      if (id !== undefined && !onDomain(origin, id)) throw new ConfigError("WEBAUTHN_ORIGINS", `"${origin}" is not on the passkeys' domain (WEBAUTHN_RP_ID ${id})`);
    }
  }
  const derived = id === undefined ? [] : corsOrigins.filter((origin) => onDomain(origin, id) && (!production || origin.startsWith("https://")));
  const origins = givenOrigins ?? (derived.length > 0 || production ? derived : id === "localhost" ? [`http://localhost:${port}`] : []);
  if (id === undefined || origins.length === 0) {
    if (givenId !== undefined) throw new ConfigError("WEBAUTHN_ORIGINS", `must name the ${production ? "HTTPS " : ""}origins passkeys are used from, on ${givenId}`);
    warnings.push("passkeys are off: set WEBAUTHN_RP_ID and WEBAUTHN_ORIGINS (or CORS_ORIGINS) to the HTTPS site they belong to");
    return undefined;
  }
  return { id, name, origins };
}
