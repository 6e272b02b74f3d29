import { generateKeyPairSync, type KeyObject } from "node:crypto";

/** An issuer's ES256 key as a third party holds it: the private key (jose signs with it) and its JWK. */
export interface IssuerKey {
  privateKey: KeyObject;
  publicPem: string;
  jwk: JsonWebKey & { kid: string; alg: "ES256"; use: "sig" };
}

/** A fresh P-256 key named `kid`. */
export function issuerKey(kid: string): IssuerKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "ES256" as const, use: "sig" as const };
  return { privateKey, publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(), jwk };
}

/** A JWKS served over real HTTP on loopback, whose keys (or failure) a test changes as it goes. */
export interface JwksServer {
  url: string;
  /** How many times the JWKS was asked for. */
  readonly fetches: number;
  /** Publishes exactly these keys from now on, and answers again if it was failing. */
  publish(keys: IssuerKey[]): void;
  /** Answers every request with `status` and no key set, until the next `publish`. */
  fail(status: number): void;
  stop(): Promise<void>;
}

/** Starts a {@link JwksServer} on 127.0.0.1, on a port the kernel picks. */
export function serveJwks(keys: IssuerKey[]): JwksServer {
  let published = keys;
  let failure: number | undefined;
  let fetches = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch() {
      fetches++;
      if (failure !== undefined) return new Response("unavailable", { status: failure });
      return Response.json({ keys: published.map((key) => key.jwk) });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/.well-known/jwks.json`,
    get fetches() {
      return fetches;
    },
    publish(next) {
      published = next;
      failure = undefined;
    },
    fail(status) {
      failure = status;
    },
    stop: () => server.stop(true),
  };
}
