// jot and jose (an independent JOSE implementation) read each other's tokens: jose verifies jot's
// tokens against a running server's JWKS, and jot accepts the tokens jose signs with jot's key,
// exactly as jose emits them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createRemoteJWKSet, importPKCS8, jwtVerify, SignJWT } from "jose";
import { isLowS } from "@jot/elysia/server";
import { claimsOf, segments, type ServerProcess, spawnServer } from "@jot/testing";
import { INTEROP_SECRET, INTEROP_TOKEN_COUNT, interopEnv, interopKeyPairs } from "../interop/interop-keys.ts";

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

/** Whether an ES256 token's signature has the high S (jose, like OpenSSL, picks either). */
function isHighS(token: string): boolean {
  return !isLowS(Buffer.from(segments(token)[2], "base64url"));
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

  test(`every one of ${INTEROP_TOKEN_COUNT} tokens jose signs with jot's private key is accepted by jot as signed, with the same claims`, async () => {
    const key = await importPKCS8(pairs[algorithm].privateKey, algorithm);
    const kid = headerOf(access).kid as string;
    const signed = await Promise.all(
      Array.from({ length: INTEROP_TOKEN_COUNT }, async () => {
        const claims = { ...claimsOf<Record<string, unknown>>(access), jti: crypto.randomUUID(), roles: ["reader"] };
        return { claims, token: await new SignJWT(claims).setProtectedHeader({ alg: algorithm, typ: "JWT", kid }).sign(key) };
      }),
    );
    for (const { claims, token } of signed) expect(await jotReads(server, token)).toEqual({ status: 200, claims });
    // Among them, for ES256, signatures jose gave the high S: the run covers both halves.
    if (algorithm === "ES256") expect(signed.filter(({ token }) => isHighS(token)).length).toBeGreaterThan(0);
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
