import { createLocalJWKSet, createRemoteJWKSet } from "jose";
import type { Clock } from "../clock.ts";
import { StoreFailure } from "../errors/store-failure.ts";
import { JotError } from "../errors/jot-error.ts";
import type { AsymmetricAlgorithm } from "./algorithms.ts";
import { KeyPairError } from "./asymmetric-key.ts";
import { decodeJsonObjectSegment, isCanonicalBase64Url } from "./base64url.ts";
import { elysiaJwtVerifier, type VerifySignature } from "./elysia-jwt.ts";
import type { SigningKey } from "./signing-key.ts";

/**
 * How long a fetched JWKS is used before it is fetched again, by jot's clock: the five minutes a
 * jot server's JWKS says in its `Cache-Control` (jose's own default is ten).
 */
export const JWKS_MAX_AGE_MS = 5 * 60_000;
/** A `kid` the JWKS does not hold fetches it again, at most this often (jose's default cooldown). */
export const JWKS_COOLDOWN_MS = 30_000;

/** One fetched JWKS, as jot verifies with it. */
interface FetchedKeySet {
  /** Changes whenever the published keys do: what the verified-token cache is keyed by. */
  version: number;
  fetchedAt: number;
  kids: ReadonlySet<string>;
  verify: VerifySignature;
}

/**
 * A verify-only key: the public keys an issuer (a jot server, or any other) publishes at `jwksUrl`,
 * for `algorithm` only; a token's `kid` picks one. jose fetches the JWKS (5 s timeout, no redirect)
 * and checks its shape; when to fetch is decided here, by `clock`: when first needed, once
 * {@link JWKS_MAX_AGE_MS} old, and for an unknown `kid` at most every {@link JWKS_COOLDOWN_MS}.
 * A JWKS that cannot be fetched is a {@link StoreFailure} (503), never a refused token. Each
 * different key set gets a new `keySetVersion`, so a key removed from it stops every token it
 * signed, cached or not (S-29).
 */
export function createKeySetKey(algorithm: AsymmetricAlgorithm, jwksUrl: string, clock: Clock): SigningKey {
  const remote = createRemoteJWKSet(keySetUrl(jwksUrl));
  let current: FetchedKeySet | undefined;
  let fetching: Promise<FetchedKeySet> | undefined;
  let published = "";
  let version = 0;

  /** Fetches the JWKS again (one fetch at a time); a new version only when the keys changed. */
  function fetchKeySet(): Promise<FetchedKeySet> {
    fetching ??= (async () => {
      try {
        await remote.reload();
      } catch (error) {
        throw new StoreFailure("JWKS", "fetch", error);
      }
      const jwks = remote.jwks() ?? { keys: [] };
      const text = JSON.stringify(jwks);
      if (current === undefined || text !== published) {
        published = text;
        const kids = new Set(jwks.keys.flatMap((jwk) => (typeof jwk.kid === "string" ? [jwk.kid] : [])));
        current = { version: ++version, fetchedAt: clock(), kids, verify: elysiaJwtVerifier(algorithm, createLocalJWKSet(jwks)) };
      } else {
        current = { ...current, fetchedAt: clock() };
      }
      return current;
    })().finally(() => (fetching = undefined));
    return fetching;
  }

  /** The key set in use: in memory while fresh, else fetched first. */
  function keySet(): FetchedKeySet | Promise<FetchedKeySet> {
    if (current !== undefined && clock() - current.fetchedAt < JWKS_MAX_AGE_MS) return current;
    return fetchKeySet();
  }

  async function verify(signingInput: string, signature: string): Promise<boolean> {
    // The header was checked before any key is asked for (`checkHeader`): it names its key.
    const kid = decodeJsonObjectSegment(signingInput.slice(0, signingInput.indexOf(".")))?.kid;
    if (typeof kid !== "string") return false;
    let keys = await keySet();
    if (!keys.kids.has(kid) && clock() - keys.fetchedAt >= JWKS_COOLDOWN_MS) keys = await fetchKeySet();
    if (!keys.kids.has(kid)) throw new JotError("invalid_token", "Unknown kid header parameter");
    return keys.verify(`${signingInput}.${signature}`);
  }

  return {
    algorithm,
    keySet: true,
    keySetVersion() {
      const keys = keySet();
      return keys instanceof Promise ? keys.then((fetched) => fetched.version) : keys.version;
    },
    // Only the one canonical spelling of a signature (S-10); either S of an ES256 one (S-29).
    verify: (signingInput, signature) => isCanonicalBase64Url(signature) && verify(signingInput, signature),
  };
}

/**
 * The JWKS URL, which must be `https://`: keys fetched over plain HTTP could be anyone's. Plain
 * `http://` is let through only to this machine (localhost, 127.0.0.0/8, [::1]), for development.
 */
function keySetUrl(jwksUrl: string): URL {
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new KeyPairError("jwksUrl", "not_a_url", "is not a URL");
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname))) return url;
  const given = url.protocol === "http:" ? `http:// to ${url.hostname}` : `a ${url.protocol} URL`;
  throw new KeyPairError("jwksUrl", "not_https", `must be an https:// URL (http:// only to localhost, 127.0.0.0/8 or [::1]); got ${given}`);
}

function isLoopbackHost(hostname: string): boolean {
  // `URL` has already written every IPv4 spelling (`127.1`, `2130706433`) as a dotted quad, and IPv6 compressed.
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
