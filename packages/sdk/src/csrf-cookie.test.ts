import { describe, expect, test } from "bun:test";
import { csrfValue, needsCsrf } from "./csrf-cookie.ts";

describe("the CSRF value for cookie transport", () => {
  test("is read from jot's CSRF cookie of the asked kind, the __Host- name first", () => {
    const cookies = () => "theme=dark; csrf_access_token=a1; __Host-csrf_refresh_token=r2; csrf_refresh_token=r1";
    expect(csrfValue("access", cookies)).toBe("a1");
    expect(csrfValue("refresh", cookies)).toBe("r2");
    expect(csrfValue("access", () => "")).toBeNull();
    expect(csrfValue("access", () => "csrf_access_token=")).toBeNull();
  });

  test("is sent on every method that may change state, and on no other", () => {
    expect(["POST", "PUT", "PATCH", "DELETE", "delete"].map(needsCsrf)).toEqual([true, true, true, true, true]);
    expect(["GET", "HEAD", "OPTIONS"].map(needsCsrf)).toEqual([false, false, false]);
  });
});
