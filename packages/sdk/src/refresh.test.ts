import { describe, expect, test } from "bun:test";
import { AuthError } from "./auth-error.ts";
import { createRefreshCoordinator, refreshEndsSession } from "./refresh.ts";
import type { AuthSession } from "./session.ts";
import { deferred } from "./test-support/fake-jot-server.ts";

const session = (access: string): AuthSession =>
  ({ access_token: access, refresh_token: `r-${access}`, expires_at: 0, claims: {} }) as unknown as AuthSession;

function harness(initial: AuthSession | null) {
  let current = initial;
  let renewals = 0;
  let pending = deferred<AuthSession>();
  const coordinator = createRefreshCoordinator({
    current: () => current,
    renew: () => {
      renewals += 1;
      return pending.promise;
    },
  });
  return {
    coordinator,
    renewals: () => renewals,
    /** Completes the running renewal with `next` as the new current session. */
    succeed(next: AuthSession) {
      current = next;
      pending.resolve(next);
      pending = deferred<AuthSession>();
    },
    setCurrent(next: AuthSession | null) {
      current = next;
    },
  };
}

describe("createRefreshCoordinator", () => {
  test("callers arriving while a renewal runs share it", async () => {
    const h = harness(session("a1"));
    const next = session("a2");

    const calls = [h.coordinator.refresh(), h.coordinator.refresh(), h.coordinator.sessionAfterExpiry("a1")];
    h.succeed(next);

    expect(await Promise.all(calls)).toEqual([next, next, next]);
    expect(h.renewals()).toBe(1);
  });

  test("a renewal after the previous one settled is a new one", async () => {
    const h = harness(session("a1"));
    const first = h.coordinator.refresh();
    h.succeed(session("a2"));
    await first;

    const second = h.coordinator.refresh();
    h.succeed(session("a3"));

    expect((await second).access_token).toBe("a3");
    expect(h.renewals()).toBe(2);
  });

  test("a failed renewal rejects every caller that joined it, and the next call tries again", async () => {
    const failure = new AuthError({ code: "network_error", status: 0, msg: "offline" });
    let attempts = 0;
    const coordinator = createRefreshCoordinator({
      current: () => session("a1"),
      renew: async () => {
        attempts += 1;
        if (attempts === 1) throw failure;
        return session("a2");
      },
    });

    const results = await Promise.allSettled([coordinator.refresh(), coordinator.sessionAfterExpiry("a1")]);
    const retried = await coordinator.sessionAfterExpiry("a1");

    expect(results).toEqual([
      { status: "rejected", reason: failure },
      { status: "rejected", reason: failure },
    ]);
    expect(retried?.access_token).toBe("a2");
    expect(attempts).toBe(2);
  });

  test("after a renewal failure ended the session, a caller with that token gets the same error without a request", async () => {
    const failure = new AuthError({ code: "token_revoked", status: 401, msg: "revoked" });
    let current: AuthSession | null = session("a1");
    let attempts = 0;
    const coordinator = createRefreshCoordinator({
      current: () => current,
      renew: async () => {
        attempts += 1;
        current = null;
        throw failure;
      },
    });
    await coordinator.refresh().catch(() => undefined);

    const late = await coordinator.sessionAfterExpiry("a1").catch((error: unknown) => error);
    const unrelated = await coordinator.sessionAfterExpiry("a0");

    expect(late).toBe(failure);
    expect(unrelated).toBeNull();
    expect(attempts).toBe(1);
  });

  test("a caller holding an older token than the current one gets the current session without a renewal", async () => {
    const h = harness(session("a2"));

    expect((await h.coordinator.sessionAfterExpiry("a1"))?.access_token).toBe("a2");
    expect(h.renewals()).toBe(0);
  });

  test("a caller arriving during a renewal joins it, whatever token it failed with", async () => {
    const h = harness(session("a1"));
    const running = h.coordinator.refresh();
    const straggler = h.coordinator.sessionAfterExpiry("a0");

    h.succeed(session("a2"));

    expect((await straggler)?.access_token).toBe("a2");
    expect((await running).access_token).toBe("a2");
    expect(h.renewals()).toBe(1);
  });

  test("without a session there is nothing to retry with", async () => {
    const h = harness(null);

    expect(await h.coordinator.sessionAfterExpiry("a1")).toBeNull();
    expect(h.renewals()).toBe(0);
  });

  test("settled waits for the running renewal and never rejects", async () => {
    const coordinator = createRefreshCoordinator({
      current: () => session("a1"),
      renew: async () => {
        throw new AuthError({ code: "token_revoked", status: 401, msg: "revoked" });
      },
    });
    const running = coordinator.refresh().catch(() => "rejected");

    await coordinator.settled();

    expect(await running).toBe("rejected");
  });
});

describe("refreshEndsSession", () => {
  test("any 401 ends the session; no answer or a passing failure does not", () => {
    const errors = [
      ["token_revoked", 401],
      ["token_expired", 401],
      ["invalid_token", 401],
      ["something_new", 401],
      ["network_error", 0],
      ["rate_limited", 429],
      ["store_unavailable", 503],
      ["internal_error", 500],
    ] as const;

    expect(errors.map(([code, status]) => refreshEndsSession(new AuthError({ code, status, msg: "" })))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
