import { describe, expect, test } from "bun:test";
import { createAuthEvents, type AuthChangeEvent } from "./events.ts";

describe("createAuthEvents", () => {
  test("every listener is called in subscription order with the event and the session", () => {
    const events = createAuthEvents();
    const calls: string[] = [];
    events.subscribe((event, session) => calls.push(`a:${event}:${String(session)}`));
    events.subscribe((event) => calls.push(`b:${event}`));

    events.emit("logout", null);

    expect(calls).toEqual(["a:logout:null", "b:logout"]);
  });

  test("the returned function unsubscribes, and calling it twice is harmless", () => {
    const events = createAuthEvents();
    const calls: AuthChangeEvent[] = [];
    const off = events.subscribe((event) => calls.push(event));

    events.emit("logout", null);
    off();
    off();
    events.emit("expired", null);

    expect(calls).toEqual(["logout"]);
  });

  test("the same function subscribed twice is called twice and unsubscribed one at a time", () => {
    const events = createAuthEvents();
    const calls: AuthChangeEvent[] = [];
    const listener = (event: AuthChangeEvent) => calls.push(event);
    const offFirst = events.subscribe(listener);
    events.subscribe(listener);

    offFirst();
    events.emit("logout", null);

    expect(calls).toEqual(["logout"]);
  });

  test("a listener that unsubscribes another mid-emit does not change who hears this event", () => {
    const events = createAuthEvents();
    const calls: string[] = [];
    let offB = (): void => undefined;
    events.subscribe(() => {
      calls.push("a");
      offB();
    });
    offB = events.subscribe(() => calls.push("b"));

    events.emit("logout", null);
    events.emit("expired", null);

    expect(calls).toEqual(["a", "b", "a"]);
  });

  test("a listener that throws does not stop the others, and its error is reported", () => {
    const reported: unknown[] = [];
    const events = createAuthEvents((error) => reported.push(error));
    const failure = new Error("listener bug");
    const calls: string[] = [];
    events.subscribe(() => {
      throw failure;
    });
    events.subscribe(() => calls.push("second"));

    events.emit("logout", null);

    expect(calls).toEqual(["second"]);
    expect(reported).toEqual([failure]);
  });
});
