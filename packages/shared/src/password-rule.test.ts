import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { normalizePassword, PASSWORD_RULE, withinPasswordBytes } from "./password-rule.ts";
import { LoginBodySchema, RegisterBodySchema } from "./requests.ts";

const newPassword = (password: string) => Value.Check(RegisterBodySchema, { username: "alice", password });
const presented = (password: string) => Value.Check(LoginBodySchema, { username: "alice", password });

describe("S-33: the password rule", () => {
  test("a new password is 8 to 1024 code points: four emoji are too short, 1024 emoji are not too long", () => {
    expect(["😀".repeat(4), "😀".repeat(7), "1234567"].map(newPassword)).toEqual([false, false, false]);
    expect(["😀".repeat(8), "12345678", "😀".repeat(1024), "p".repeat(1024), "é".repeat(1024)].map(newPassword)).toEqual([true, true, true, true, true]);
    expect(["😀".repeat(1025), "p".repeat(1025)].map(newPassword)).toEqual([false, false]);
  });

  test("a password with a lone surrogate is refused, new or presented; U+FFFD itself is a character like any other", () => {
    const lone = ["passwor\ud800", "passwor\udc00", "\udc00\ud83dpassword", "password\ud83d"];
    expect(lone.map(newPassword)).toEqual([false, false, false, false]);
    expect(lone.map(presented)).toEqual([false, false, false, false]);
    expect([newPassword("passwor\ufffd"), presented("\ufffd"), presented("😀"), presented("")]).toEqual([true, true, true, false]);
    expect([presented("😀".repeat(1024)), presented("😀".repeat(1025))]).toEqual([true, false]);
  });

  test("the hashed form is NFKC, and its UTF-8 is capped", () => {
    expect(normalizePassword("ｐａｓｓｗｏｒｄ")).toBe("password");
    expect(normalizePassword("cafe\u0301 au lait")).toBe("caf\u00e9 au lait");
    expect(normalizePassword("x²")).toBe("x2");
    expect(withinPasswordBytes("😀".repeat(PASSWORD_RULE.maxNormalizedBytes / 4))).toBe(true);
    expect(withinPasswordBytes("😀".repeat(PASSWORD_RULE.maxNormalizedBytes / 4) + "a")).toBe(false);
    // One ligature becomes eighteen characters (33 bytes): 228 of them, a valid new password, are 7,524 bytes once normalized.
    const ligatures = "\ufdfa".repeat(228);
    expect([newPassword(ligatures), withinPasswordBytes(normalizePassword(ligatures))]).toEqual([true, false]);
  });
});
