import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { generateKeyPairSync } from "node:crypto";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import { jot, type Jot } from "../index.ts";

const pem = { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as const;
const pair = generateKeyPairSync("rsa", { modulusLength: 2048, ...pem });

describe("an API that only verifies a jot server's tokens", () => {
  let server: TestApp;
  let jwksUrl = "";
  beforeAll(async () => {
    server = await createTestApp({ JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: pair.privateKey, JWT_PUBLIC_KEY: pair.publicKey });
    server.app.listen({ port: 0, hostname: "127.0.0.1" });
    jwksUrl = `http://127.0.0.1:${server.app.server!.port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await server.app.stop();
    await server.close();
  });

  const resourceApi = (auth: Jot) =>
    new Elysia().use(auth).get("/notes", ({ identity }) => ({ owner: identity }), { auth: true });

  test.each([
    ["the public key", () => ({ algorithm: "RS256" as const, publicKey: pair.publicKey })],
    ["the server's JWKS URL", () => ({ algorithm: "RS256" as const, jwksUrl })],
  ])("with %s it accepts the server's tokens, refuses others, and issues none", async (_, secret) => {
    const auth = jot({ secret: secret(), clock: server.clock });
    const api = resourceApi(auth);
    const user = await registerAndLogin(server);
    const ask = (token: string) => api.handle(new Request("http://localhost/notes", { headers: { authorization: `Bearer ${token}` } }));
    const answer = await ask(user.access);
    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 200, body: { owner: user.id } });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048, ...pem });
    const stranger = await jot({ secret: { algorithm: "RS256", privateKey: other.privateKey, publicKey: other.publicKey } }).createAccessToken(user.id);
    expect((await ask(stranger)).status).toBe(401);
    expect((await ask(user.refresh)).status).toBe(401);
    await expect(auth.createAccessToken(user.id)).rejects.toThrow("this key only verifies");
  });

  test("a JWKS URL that is not a URL is refused when jot() is called", () => {
    expect(() => jot({ secret: { algorithm: "RS256", jwksUrl: "not a url" } })).toThrow("jot(): jwksUrl is not a URL");
  });
});
