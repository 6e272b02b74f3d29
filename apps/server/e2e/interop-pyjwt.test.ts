// jot and PyJWT (Debian's python3-jwt) read each other's tokens, for HS256 and every asymmetric
// algorithm: PyJWT verifies a token of a running jot server, signs new claims with jot's key, and
// jot accepts those tokens, exactly as PyJWT emits them, with the same claims.
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { isLowS } from "@jot/elysia/server";
import { claimsOf, describeWith, probeService, segments, type ServerProcess, spawnServer } from "@jot/testing";
import { INTEROP_SECRET, INTEROP_TOKEN_COUNT, interopEnv, interopKeyPairs } from "../interop/interop-keys.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(import.meta.dir, "..", "interop", "pyjwt_interop.py");
const MISSING = "PyJWT is missing: apt-get install -y python3-jwt";
// Locally a machine without Debian's python3-jwt skips this suite saying why; CI installs it, and
// there its absence fails the run.
const pyjwtService = await probeService("PyJWT", () => {
  if (Bun.spawnSync([PYTHON, "-c", "import jwt"], { stderr: "ignore" }).exitCode !== 0) throw new Error(MISSING);
});

const PASSWORD = "correct horse battery";
const pairs = interopKeyPairs();
const servers: ServerProcess[] = [];
afterAll(async () => void (await Promise.all(servers.map((server) => server.stop()))));

async function pyjwt(job: Record<string, unknown>): Promise<{ verified: Record<string, unknown>; signed: string[] }> {
  const child = Bun.spawn([PYTHON, SCRIPT], { stdin: new Blob([JSON.stringify(job)]), stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  if (code !== 0) throw new Error(`pyjwt_interop.py exited ${code}: ${err}`);
  return JSON.parse(out) as { verified: Record<string, unknown>; signed: string[] };
}

for (const algorithm of ["HS256", "RS256", "ES256", "EdDSA"] as const) describeWith(pyjwtService, `${algorithm} with PyJWT`, () => {
  test(`PyJWT verifies jot's token with the same claims, and jot accepts every one of ${INTEROP_TOKEN_COUNT} tokens PyJWT signs, as signed, with the same claims`, async () => {
    const server = await spawnServer(interopEnv(algorithm, pairs));
    servers.push(server);
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await post("/auth/register", { username: "interop_bea", password: PASSWORD });
    const { access_token: access } = (await (await post("/auth/login", { username: "interop_bea", password: PASSWORD })).json()) as { access_token: string };
    const header = JSON.parse(Buffer.from(segments(access)[0], "base64url").toString("utf8")) as { kid?: string };

    const claims = Array.from({ length: INTEROP_TOKEN_COUNT }, () => ({ ...claimsOf<Record<string, unknown>>(access), jti: crypto.randomUUID(), roles: ["reader"] }));
    const symmetric = algorithm === "HS256";
    const { verified, signed } = await pyjwt({
      algorithm,
      token: access,
      verify_key: symmetric ? INTEROP_SECRET : pairs[algorithm].publicKey,
      sign_key: symmetric ? INTEROP_SECRET : pairs[algorithm].privateKey,
      claims,
      kid: header.kid ?? null,
    });
    expect(verified).toEqual(claimsOf(access));

    expect(signed.length).toBe(INTEROP_TOKEN_COUNT);
    for (const [index, token] of signed.entries()) {
      const me = await fetch(`${server.url}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect({ status: me.status, claims: ((await me.json()) as { claims?: unknown }).claims }).toEqual({ status: 200, claims: claims[index] });
    }
    // PyJWT, like OpenSSL, picks either S of an ECDSA signature: the run covers both halves.
    if (algorithm === "ES256") {
      const highS = signed.filter((token) => !isLowS(Buffer.from(segments(token)[2], "base64url")));
      expect(highS.length).toBeGreaterThan(0);
    }
    // A bound, not a measure: a Python process signs 32 RSA tokens on a machine that may be busy.
  }, 30_000);
});
