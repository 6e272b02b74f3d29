import { describe, expect, test } from "bun:test";
import { refreshDelayMs, timerScheduler } from "./refresh-timer.ts";
import type { AuthSession } from "./session.ts";

const T0 = 1_750_000_000_000;
const session = (lifetimeS: number, expiresAt: number, iat = 1_000): AuthSession =>
  ({ access_token: "a", refresh_token: "r", expires_at: expiresAt, claims: { iat, exp: iat + lifetimeS } }) as unknown as AuthSession;

describe("refreshDelayMs", () => {
  test("waits until 30 s before expiry, by the client's clock", () => {
    expect(refreshDelayMs(session(900, T0 / 1000 + 900), T0)).toBe(870_000);
  });

  test("uses half the lifetime as the lead when that is shorter than 30 s", () => {
    expect(refreshDelayMs(session(40, T0 / 1000 + 40), T0)).toBe(20_000);
  });

  test("is 0 once the moment has passed, or when already expired", () => {
    expect([refreshDelayMs(session(900, T0 / 1000 + 10), T0), refreshDelayMs(session(900, T0 / 1000 - 60), T0)]).toEqual([0, 0]);
  });

  test("falls back to a 30 s lead when the claims give no usable lifetime", () => {
    expect([
      refreshDelayMs(session(0, T0 / 1000 + 900), T0),
      refreshDelayMs(session(900, T0 / 1000 + 900, Number.NaN), T0),
    ]).toEqual([870_000, 870_000]);
  });

  test("is capped at what a timer can hold", () => {
    expect(refreshDelayMs(session(100 * 86_400, T0 / 1000 + 100 * 86_400), T0)).toBe(2_147_483_647);
  });
});

describe("timerScheduler", () => {
  test("runs the callback, and a cancelled one never runs", async () => {
    const ran: string[] = [];
    const cancel = timerScheduler(() => ran.push("cancelled"), 0);
    cancel();
    // Timers with equal delays fire in order: once this one ran, the cancelled one would have too.
    await new Promise<void>((resolve) =>
      timerScheduler(() => {
        ran.push("kept");
        resolve();
      }, 0),
    );

    expect(ran).toEqual(["kept"]);
  });
});
