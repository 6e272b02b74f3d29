import { describe, expect, test } from "bun:test";
import { isAuthError } from "../auth-error.ts";
import { passkeyCeremonyError } from "./passkey-error.ts";

const named = (name: string) => Object.assign(new Error("browser said no"), { name });

describe("a failed browser ceremony", () => {
  test("cancelled, timed out or with no passkey on the device, it is passkey_cancelled", () => {
    for (const name of ["NotAllowedError", "AbortError"]) {
      const error = passkeyCeremonyError(named(name));
      expect(isAuthError(error)).toBe(true);
      expect({ code: error.code, status: error.status, msg: error.msg }).toEqual({ code: "passkey_cancelled", status: 0, msg: "The passkey ceremony ended without a passkey" });
    }
  });

  test("refused for another reason, it is passkey_failed naming the browser's error", () => {
    const error = passkeyCeremonyError(named("InvalidStateError"));
    expect({ code: error.code, status: error.status, msg: error.msg }).toEqual({ code: "passkey_failed", status: 0, msg: "The browser refused the passkey ceremony (InvalidStateError)" });
    expect(passkeyCeremonyError("not an error").msg).toBe("The browser refused the passkey ceremony (unknown error)");
  });
});
