import { afterEach, describe, expect, test } from "bun:test";
import { createAuthClient, isAuthError, memoryStorage, type AuthChangeEvent, type AuthClient, type AuthSession } from "../src/index.ts";
import { createFakeJotServer, MFA_CODE, PASSWORD, RECOVERY_CODE } from "../src/test-support/fake-jot-server.ts";

const clients: AuthClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

function setup() {
  const server = createFakeJotServer();
  const storage = memoryStorage();
  const auth = createAuthClient({ baseUrl: "http://jot.test/", fetch: server.fetch, storage, autoRefresh: false });
  clients.push(auth);
  const events: [AuthChangeEvent, AuthSession | null][] = [];
  auth.onChange((event, session) => events.push([event, session]));
  return { server, auth, storage, events };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAuthError(error)) return `${error.code} ${error.status}`;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("a login with a second factor", () => {
  test("login resolves { mfa_required: true } and stores nothing; verifyMfa({ code }) sends the mfa_token with the code, stores the pair and emits login", async () => {
    const { server, auth, storage, events } = setup();
    expect(await auth.login({ username: "mo", password: PASSWORD })).toEqual({ mfa_required: true });
    expect(auth.session).toBeNull();
    expect(storage.get("jot.session")).toBeNull();
    expect(events).toEqual([]);

    const session = await auth.verifyMfa({ code: MFA_CODE });
    expect(server.requestsTo("/auth/mfa/verify").map((request) => request.body)).toEqual([{ mfa_token: "mfa-1", code: MFA_CODE }]);
    expect(session.claims).toMatchObject({ username: "mo", fresh: true, amr: ["pwd", "otp", "mfa"] });
    expect(auth.session).toEqual(session);
    expect(JSON.parse(storage.get("jot.session") as string)).toMatchObject({ access_token: session.access_token, refresh_token: session.refresh_token });
    expect(events).toEqual([["login", session]]);
    expect(await (await auth.api.get("protected")).json()).toEqual({ message: "Hello, mo! This is a protected route." });
  });

  test("a wrong code rejects invalid_code and the login still waits: the right code then finishes it", async () => {
    const { auth, events } = setup();
    await auth.login({ username: "mo", password: PASSWORD });
    expect(await codeOf(auth.verifyMfa({ code: "000000" }))).toBe("invalid_code 401");
    expect(auth.session).toBeNull();
    expect(events).toEqual([]);
    expect((await auth.verifyMfa({ code: MFA_CODE })).claims.username).toBe("mo");
  });

  test("verifyMfa({ recovery_code }) finishes the login too", async () => {
    const { server, auth } = setup();
    await auth.login({ username: "mo", password: PASSWORD });
    const session = await auth.verifyMfa({ recovery_code: RECOVERY_CODE });
    expect(server.requestsTo("/auth/mfa/verify").map((request) => request.body)).toEqual([{ mfa_token: "mfa-1", recovery_code: RECOVERY_CODE }]);
    expect(session.claims.amr).toEqual(["pwd", "otp", "mfa"]);
  });

  test("with no login waiting, or once it finished, verifyMfa rejects invalid_code without a request", async () => {
    const { server, auth } = setup();
    expect(await codeOf(auth.verifyMfa({ code: MFA_CODE }))).toBe("invalid_code 401");
    await auth.login({ username: "mo", password: PASSWORD });
    await auth.verifyMfa({ code: MFA_CODE });
    expect(await codeOf(auth.verifyMfa({ recovery_code: RECOVERY_CODE }))).toBe("invalid_code 401");
    expect(server.requestsTo("/auth/mfa/verify")).toHaveLength(1);
  });

  test("a password-only login in between drops the waiting one: its mfa_token is never sent afterwards", async () => {
    const { server, auth } = setup();
    await auth.login({ username: "mo", password: PASSWORD });
    const session = await auth.login({ username: "ada", password: PASSWORD });
    expect("mfa_required" in session).toBe(false);
    expect(await codeOf(auth.verifyMfa({ code: MFA_CODE }))).toBe("invalid_code 401");
    expect(server.requestsTo("/auth/mfa/verify")).toHaveLength(0);
  });
});
