import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { AdminService } from "../../admin/admin-service.ts";
import { JotError } from "@jot/elysia/server";
import { createPasswordHasher } from "../../users/password-hasher.ts";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

// S-33: passwords are counted in code points, must be valid Unicode, and are hashed in their NFKC
// form; hashes stored before passwords were normalized keep verifying.

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());
afterEach(() => t.clock.reset());

const unique = (prefix: string) => `${prefix}${crypto.randomUUID().slice(0, 8)}`;
const register = (username: string, password: string) => t.request("/auth/register", { method: "POST", json: { username, password } });
const login = (username: string, password: string) => t.request("/auth/login", { method: "POST", json: { username, password } });
const refused = (field: string, msg = `${field} must be 8 to 1024 characters of valid Unicode (counted in code points)`) => ({
  status: 400,
  body: { error: "invalid_request", msg },
  challenge: null,
});
const PRESENTED_INVALID = refused("password", "password must be 1 to 1024 characters of valid Unicode (counted in code points)");

describe("S-33: passwords as Unicode", () => {
  test("a new password is counted in code points: four emoji are too short, eight are enough, 1024 are not too many, 1025 are", async () => {
    const answers = {
      four: await outcome(await register(unique("emoji"), "😀".repeat(4))),
      eight: (await register(unique("emoji"), "😀".repeat(8))).status,
      most: (await register(unique("emoji"), "😀".repeat(1024))).status,
      tooMany: await outcome(await register(unique("emoji"), "😀".repeat(1025))),
    };
    expect(answers).toEqual({ four: refused("password"), eight: 201, most: 201, tooMany: refused("password") });
  });

  test("a password with a lone surrogate is refused 400 on register, login and password change; it never logs in as U+FFFD", async () => {
    const username = unique("surrogate");
    expect((await register(username, "pass\ufffdword")).status).toBe(201);
    const pair = (await (await login(username, "pass\ufffdword")).json()) as { access_token: string };
    const change = (json: object) => t.request("/auth/password", { method: "PUT", token: pair.access_token, json });
    expect({
      register: await outcome(await register(unique("surrogate"), "pass\ud800word")),
      loginHigh: await outcome(await login(username, "pass\ud800word")),
      loginLow: await outcome(await login(username, "pass\udc00word")),
      changeNew: await outcome(await change({ current_password: "pass\ufffdword", new_password: "new pass\udc00word" })),
      changeCurrent: await outcome(await change({ current_password: "pass\ud800word", new_password: "a brand new password" })),
      stillTheOldPassword: (await login(username, "pass\ufffdword")).status,
    }).toEqual({
      register: refused("password"),
      loginHigh: PRESENTED_INVALID,
      loginLow: PRESENTED_INVALID,
      changeNew: refused("new_password"),
      changeCurrent: refused("current_password", "current_password must be 1 to 1024 characters of valid Unicode (counted in code points)"),
      stillTheOldPassword: 200,
    });
  });

  test("the admin API and the admin command refuse such a password too, and take 1024 emoji", async () => {
    const admin = await registerAndLogin(t);
    const service = new AdminService({ stores: t.stores, passwords: createPasswordHasher(), clock: t.clock, config: t.config });
    await service.grantRole(admin.username, "admin");
    const token = ((await (await login(admin.username, admin.password)).json()) as { access_token: string }).access_token;
    const add = (password: string) => t.request("/admin/users", { method: "POST", token, json: { username: unique("added"), password } });
    let command: unknown;
    try {
      await service.addUser(unique("added"), "pass\udc00word", []);
    } catch (error) {
      command = error instanceof JotError ? { code: error.code, msg: error.message } : String(error);
    }
    expect({
      api: await outcome(await add("pass\ud800word")),
      apiEmoji: (await add("😀".repeat(1024))).status,
      command,
    }).toEqual({
      api: refused("password"),
      apiEmoji: 201,
      command: { code: "invalid_request", msg: "password must be 8 to 1024 characters of valid Unicode (counted in code points)" },
    });
  });

  test("a password is hashed in its NFKC form: full-width letters and a decomposed accent log in as the same password", async () => {
    const wide = unique("nfkc");
    const accent = unique("nfkc");
    expect((await register(wide, "ｃｏｒｒｅｃｔ ｈｏｒｓｅ")).status).toBe(201);
    expect((await register(accent, "cre\u0300me bru\u0302le\u0301e")).status).toBe(201);
    const stored = await t.stores.users.findByUsername(wide);
    expect({
      wideAsTyped: (await login(wide, "ｃｏｒｒｅｃｔ ｈｏｒｓｅ")).status,
      wideAsAscii: (await login(wide, "correct horse")).status,
      accentComposed: (await login(accent, "cr\u00e8me br\u00fbl\u00e9e")).status,
      otherPassword: (await login(wide, "correct horsE")).status,
      storedForm: stored?.passwordForm,
      hashOfNormalized: await Bun.password.verify("correct horse", stored!.passwordHash),
    }).toEqual({ wideAsTyped: 200, wideAsAscii: 200, accentComposed: 200, otherPassword: 401, storedForm: "nfkc", hashOfNormalized: true });
  });

  test("a hash stored from the password as sent keeps verifying, and a login replaces it with a hash of the normalized form", async () => {
    const username = unique("legacy");
    const asSent = "ｌｅｇａｃｙ ｐａｓｓ";
    const user = (await t.stores.users.create({ username, passwordHash: await Bun.password.hash(asSent), roles: ["user"] }))!;
    // As a row written before passwords were normalized.
    await t.stores.database.sql`update users set password_form = null where id = ${user.id}`;
    const before = await t.stores.users.findByUsername(username);
    const normalizedBefore = (await login(username, "legacy pass")).status;
    const asSentLogin = (await login(username, asSent)).status;
    const after = await t.stores.users.findByUsername(username);
    expect({
      formBefore: before?.passwordForm,
      normalizedBefore,
      asSentLogin,
      formAfter: after?.passwordForm,
      hashOfNormalized: await Bun.password.verify("legacy pass", after!.passwordHash),
      normalizedAfter: (await login(username, "legacy pass")).status,
      asSentAfter: (await login(username, asSent)).status,
      // A password change made meanwhile wins over the replacement.
      staleReplacement: await t.stores.users.replacePasswordHash(user.id, before!.passwordHash, "not-a-hash"),
      hashKept: (await t.stores.users.findByUsername(username))?.passwordHash === after!.passwordHash,
    }).toEqual({
      formBefore: "as_sent",
      normalizedBefore: 401,
      asSentLogin: 200,
      formAfter: "nfkc",
      hashOfNormalized: true,
      normalizedAfter: 200,
      asSentAfter: 200,
      staleReplacement: false,
      hashKept: true,
    });
  });

  test("what is hashed is capped in bytes: a password that normalizes past 4096 bytes is refused before any account is looked up", async () => {
    // One ligature normalizes to eighteen characters (33 bytes of UTF-8).
    const ligatures = "\ufdfa".repeat(228);
    const overCap = (field: string) => refused(field, `${field} must be at most 4096 bytes of UTF-8 once normalized (NFKC)`);
    expect({
      register: await outcome(await register(unique("ligature"), ligatures)),
      login: await outcome(await login(unique("nobody"), ligatures)),
      withinCap: (await register(unique("ligature"), "\ufdfa".repeat(124))).status,
    }).toEqual({ register: overCap("password"), login: overCap("password"), withinCap: 201 });
  });
});
