import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, outcome, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());

const register = (json: unknown) => t.request("/auth/register", { method: "POST", json });

describe("POST /auth/register", () => {
  test("creates a user and answers 201 with its id and username, never the password", async () => {
    const response = await register({ username: "register_alice", password: "correct horse battery" });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(["id", "username"]);
    expect(body.username).toBe("register_alice");
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await t.stores.users.findByUsername("register_alice");
    expect(stored?.passwordHash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
  });

  test("a taken username, in any letter case, is 409 username_taken", async () => {
    await register({ username: "register_bob", password: "correct horse battery" });
    for (const username of ["register_bob", "Register_BOB"]) {
      expect(await outcome(await register({ username, password: "another password" }))).toEqual({
        status: 409,
        body: { error: "username_taken", msg: "Username already exists" },
        challenge: null,
      });
    }
  });

  test("two registrations racing for one name create one user", async () => {
    const answers = await Promise.all([1, 2, 3].map(() => register({ username: "register_race", password: "correct horse battery" })));
    expect(answers.map((response) => response.status).sort()).toEqual([201, 409, 409]);
  });

  test("missing fields are 400 missing_parameter naming the field", async () => {
    expect(await outcome(await register({ password: "correct horse battery" }))).toEqual({
      status: 400,
      body: { error: "missing_parameter", msg: "Missing username parameter" },
      challenge: null,
    });
    expect((await (await register({ username: "register_x" })).json()) as object).toEqual({
      error: "missing_parameter",
      msg: "Missing password parameter",
    });
  });

  test("bad field values are 400 invalid_request saying why, without echoing the value", async () => {
    const cases: Array<[unknown, string]> = [
      [{ username: 5, password: "correct horse battery" }, "username must be a string"],
      [{ username: "ab", password: "correct horse battery" }, "username must be at least 3 characters"],
      [{ username: "has space", password: "correct horse battery" }, "username may contain only letters, digits and @ . + - _"],
      [{ username: "register_short", password: "short" }, "password must be at least 8 characters"],
      [{ username: "register_long", password: "p".repeat(1025) }, "password must be 8 to 1024 characters of valid Unicode (counted in code points)"],
      [["register_arr", "correct horse battery"], "Request body must be a JSON object"],
    ];
    for (const [json, msg] of cases) {
      expect(await outcome(await register(json))).toEqual({ status: 400, body: { error: "invalid_request", msg }, challenge: null });
    }
  });

  test("S-31: a user cannot register a second account named after their own id, in any spelling of it", async () => {
    const owner = (await (await register({ username: "register_owner", password: "correct horse battery" })).json()) as { id: string };
    const msg = "username must not be shaped like a user id (32 hexadecimal digits, as in a UUID)";
    for (const username of [owner.id, owner.id.toUpperCase(), owner.id.replaceAll("-", ""), owner.id.replaceAll("-", "_")]) {
      expect({ username, answer: await outcome(await register({ username, password: "correct horse battery" })) }).toEqual({
        username,
        answer: { status: 400, body: { error: "invalid_request", msg }, challenge: null },
      });
      expect(await t.stores.users.findByUsername(username)).toBeUndefined();
    }
    // Only the account itself holds the id.
    expect((await t.stores.users.findById(owner.id))?.username).toBe("register_owner");
  });

  test("S-18: a long Unicode password with surrounding spaces is kept exactly as sent", async () => {
    const password = `  ${"пароль🔑".repeat(12)}  `;
    expect((await register({ username: "register_unicode", password })).status).toBe(201);
    const login = (pw: string) => t.request("/auth/login", { method: "POST", json: { username: "register_unicode", password: pw } });
    expect((await login(password)).status).toBe(200);
    expect((await login(password.trim())).status).toBe(401);
  });

  test("AUTH_REGISTRATION=closed answers 403 registration_closed and creates nobody", async () => {
    const closed = await createTestApp({ AUTH_REGISTRATION: "closed" });
    try {
      const response = await closed.request("/auth/register", { method: "POST", json: { username: "closed_user", password: "correct horse battery" } });
      expect(await outcome(response)).toEqual({ status: 403, body: { error: "registration_closed", msg: "Registration is closed" }, challenge: null });
      expect(await closed.stores.users.findByUsername("closed_user")).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});
