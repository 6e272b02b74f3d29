import { afterEach, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { manualClock, outcome } from "@jot/testing";
// Only the package's public exports: what an app of its own can use.
import { hashOneTimeToken, jot, MemoryOneTimeTokenStore, type OneTimeTokenDelivery, type OneTimeTokenRecord } from "../index.ts";
import { sameTokenHash } from "../one-time/one-time-token.ts";

const SECRET = "an-app-secret-of-at-least-32-bytes!";
const clock = manualClock();
afterEach(() => clock.reset());

/** A store that shows what it keeps. */
class WatchedStore extends MemoryOneTimeTokenStore {
  readonly kept: OneTimeTokenRecord[] = [];
  override async replace(record: OneTimeTokenRecord): Promise<void> {
    this.kept.push({ ...record });
    await super.replace(record);
  }
}

/** An app of its own with a reset link, on jot()'s one-time tokens and `deliver` hook. */
function resetApp() {
  const delivered: OneTimeTokenDelivery[] = [];
  const store = new WatchedStore();
  const auth = jot({ secret: SECRET, clock, oneTimeTokenExpires: "10m", stores: { oneTimeTokens: store }, deliver: (delivery) => void delivered.push(delivery) });
  const app = new Elysia()
    .use(auth)
    .post("/forgot", async () => {
      await auth.oneTimeTokens.issue("password_reset", { id: "nate", username: "nate", email: "nate@example.com" });
      return { msg: "sent" };
    })
    .post("/reset", async ({ body }) => {
      const { subject } = await auth.oneTimeTokens.redeem((body as { token: unknown }).token, "password_reset");
      return { reset: subject };
    });
  const post = (path: string, json?: unknown) =>
    app.handle(new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json ?? {}) }));
  const forgot = async () => {
    await post("/forgot");
    await auth.oneTimeTokens.settled();
    return delivered.at(-1)!;
  };
  return { post, forgot, delivered, store };
}

const INVALID = { status: 400, body: { error: "invalid_reset_token", msg: "The reset or verification token is wrong, used or expired" }, challenge: null };

describe("jot()'s one-time tokens", () => {
  test("deliver gets the kind, the user, the token and when it expires; the token is redeemed once", async () => {
    const { post, forgot } = resetApp();
    const delivery = await forgot();
    expect(delivery).toEqual({
      kind: "password_reset",
      user: { id: "nate", username: "nate", email: "nate@example.com" },
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(clock() + 600_000),
    });
    expect(await outcome(await post("/reset", { token: delivery.token }))).toEqual({ status: 200, body: { reset: "nate" }, challenge: null });
    expect(await outcome(await post("/reset", { token: delivery.token }))).toEqual(INVALID);
  });

  test("S-32: tokens are random and only their hash is stored", async () => {
    const { forgot, store } = resetApp();
    const first = await forgot();
    const second = await forgot();
    expect(first.token).not.toBe(second.token);
    const stored = JSON.stringify(store.kept);
    expect(stored).not.toContain(first.token);
    expect(stored).not.toContain(second.token);
    expect(store.kept.map((record) => record.hash)).toEqual([hashOneTimeToken(first.token)!, hashOneTimeToken(second.token)!]);
  });

  test("S-32: a token stops working when its lifetime ends", async () => {
    const { post, forgot } = resetApp();
    const { token } = await forgot();
    clock.advance(600);
    expect(await outcome(await post("/reset", { token }))).toEqual(INVALID);
  });

  test("S-32: issuing another token ends the first", async () => {
    const { post, forgot } = resetApp();
    const first = await forgot();
    const second = await forgot();
    expect(await outcome(await post("/reset", { token: first.token }))).toEqual(INVALID);
    expect((await post("/reset", { token: second.token })).status).toBe(200);
  });

  test("hostile tokens are refused alike, never 500", async () => {
    const { post, forgot } = resetApp();
    const { token } = await forgot();
    for (const hostile of [0, null, [], "", {}, token.slice(1), `${token}A`, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()]) {
      expect(await outcome(await post("/reset", { token: hostile }))).toEqual(INVALID);
    }
    expect((await post("/reset", { token })).status).toBe(200);
  });

  test("a delivery that throws is logged without the token and answers nothing to the request", async () => {
    const logged: string[] = [];
    const auth = jot({ secret: SECRET, clock, deliver: () => Promise.reject(new Error("mail server down")), logError: (event, error) => logged.push(`${event}: ${(error as Error).message}`) });
    const { token } = await auth.oneTimeTokens.issue("password_reset", { id: "nate", email: null });
    await auth.oneTimeTokens.settled();
    expect(logged).toEqual(["delivery_error: mail server down"]);
    expect(logged.join("")).not.toContain(token);
    expect(await auth.oneTimeTokens.redeem(token, "password_reset")).toEqual({ kind: "password_reset", subject: "nate", email: null });
  });

  test("a token of one kind does not redeem as another", async () => {
    const auth = jot({ secret: SECRET, clock });
    const { token } = await auth.oneTimeTokens.issue("email_verification", { id: "nate", email: "nate@example.com" });
    await expect(auth.oneTimeTokens.redeem(token, "password_reset")).rejects.toMatchObject({ code: "invalid_reset_token" });
    expect(await auth.oneTimeTokens.redeem(token, "email_verification")).toEqual({ kind: "email_verification", subject: "nate", email: "nate@example.com" });
  });
});

describe("S-32: tokens are compared in constant time", () => {
  test("a presented token is looked up by its hash only: the store never sees the token", async () => {
    const asked: string[] = [];
    const store = new (class extends MemoryOneTimeTokenStore {
      override take(hash: string, kind: string) {
        asked.push(hash);
        return super.take(hash, kind);
      }
    })();
    const auth = jot({ secret: SECRET, clock, stores: { oneTimeTokens: store } });
    const { token } = await auth.oneTimeTokens.issue("password_reset", { id: "nate", email: null });
    const guess = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    await expect(auth.oneTimeTokens.redeem(guess, "password_reset")).rejects.toMatchObject({ code: "invalid_reset_token" });
    await auth.oneTimeTokens.redeem(token, "password_reset");
    expect(asked).toEqual([hashOneTimeToken(guess)!, hashOneTimeToken(token)!]);
    expect(asked.join()).not.toContain(token);
  });

  test("hashes are compared with node:crypto's timingSafeEqual, whichever byte differs", () => {
    const hash = hashOneTimeToken("A".repeat(43))!;
    expect(sameTokenHash(hash, hash)).toBe(true);
    for (const at of [0, 31, 63]) expect(sameTokenHash(hash, `${hash.slice(0, at)}${hash[at] === "0" ? "1" : "0"}${hash.slice(at + 1)}`)).toBe(false);
    expect(sameTokenHash(hash, hash.slice(1))).toBe(false);
  });
});
