// jot and jose (an independent JOSE implementation) read each other's tokens: jose verifies jot's
// tokens against a running server's JWKS, and jot accepts a token jose signed with jot's key.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createRemoteJWKSet, importPKCS8, jwtVerify, SignJWT } from "jose";
import { withLowS } from "../src/tokens/low-s.ts";
import { claimsOf, segments } from "../test/craft-token.ts";
import { withTwinSignature } from "../test/ecdsa-twin.ts";
import { spawnServer, type ServerProcess } from "../test/spawn-server.ts";
import { INTEROP_SECRET, interopEnv, interopKeyPairs } from "../interop/interop-keys.ts";

const PASSWORD = "correct horse battery";
const pairs = interopKeyPairs();
const servers: ServerProcess[] = [];
afterAll(async () => void (await Promise.all(servers.map((server) => server.stop()))));

async function signedIn(algorithm: string): Promise<{ server: ServerProcess; access: string }> {
  const server = await spawnServer(interopEnv(algorithm, pairs));
  servers.push(server);
  const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await fetch(`${server.url}/auth/register`, json({ username: "interop_ann", password: PASSWORD }));
  const pair = (await (await fetch(`${server.url}/auth/login`, json({ username: "interop_ann", password: PASSWORD }))).json()) as { access_token: string };
  return { server, access: pair.access_token };
}

/** A token's header, decoded without verification. */
function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segments(token)[0], "base64url").toString("utf8")) as Record<string, unknown>;
}

/**
 * ECDSA signers (jose, PyJWT) pick either of a signature's two S values; jot accepts only the low
 * one (S-29). Answers the token in its low-S spelling and its high-S twin.
 */
function bothSpellings(token: string): { low: string; high: string } {
  const low = withLowS(token);
  return { low, high: withTwinSignature(low) };
}

/** What jot answers for `token` at `GET /auth/me`: the status and the claims it read. */
async function jotReads(server: ServerProcess, token: string): Promise<{ status: number; claims: unknown }> {
  const response = await fetch(`${server.url}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { claims?: unknown };
  return { status: response.status, claims: body.claims };
}

describe.each(["RS256", "ES256", "EdDSA"] as const)("%s with jose", (algorithm) => {
  let server: ServerProcess;
  let access: string;
  beforeAll(async () => void ({ server, access } = await signedIn(algorithm)));

  test("jose's createRemoteJWKSet verifies jot's token against the running server's JWKS, with the same claims", async () => {
    const keys = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(access, keys, { algorithms: [algorithm] });
    expect(payload).toEqual(claimsOf(access));
    expect(protectedHeader).toMatchObject({ alg: algorithm, typ: "JWT" });
  });

  test("a token jose signs with jot's private key is accepted by jot with the same claims", async () => {
    const claims = { ...claimsOf<Record<string, unknown>>(access), jti: crypto.randomUUID(), roles: ["reader"] };
    const key = await importPKCS8(pairs[algorithm].privateKey, algorithm);
    const token = await new SignJWT(claims).setProtectedHeader({ alg: algorithm, typ: "JWT", kid: headerOf(access).kid as string }).sign(key);
    if (algorithm !== "ES256") {
      expect(await jotReads(server, token)).toEqual({ status: 200, claims });
      return;
    }
    const { low, high } = bothSpellings(token);
    expect(await jotReads(server, low)).toEqual({ status: 200, claims });
    expect((await jotReads(server, high)).status).toBe(401);
  });
});

describe("HS256 with jose", () => {
  let server: ServerProcess;
  let access: string;
  const secret = new TextEncoder().encode(INTEROP_SECRET);
  beforeAll(async () => void ({ server, access } = await signedIn("HS256")));

  test("jose verifies jot's token with the shared secret, and jot accepts jose's with the same claims", async () => {
    const { payload } = await jwtVerify(access, secret, { algorithms: ["HS256"] });
    expect(payload).toEqual(claimsOf(access));
    const claims = { ...claimsOf<Record<string, unknown>>(access), jti: crypto.randomUUID() };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(secret);
    expect(await jotReads(server, token)).toEqual({ status: 200, claims });
  });
});
