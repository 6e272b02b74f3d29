import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_SECRET_FILE, isDevSecret, loadOrCreateDevSecret } from "./dev-secret.ts";

const folder = mkdtempSync(join(tmpdir(), "jot-secret-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("the development key is generated once with mode 0600 and reused on restart", () => {
  const dataDir = join(folder, "data");
  const first = loadOrCreateDevSecret(dataDir);
  expect(first.length).toBe(64);
  expect(statSync(join(dataDir, DEV_SECRET_FILE)).mode & 0o777).toBe(0o600);
  expect(loadOrCreateDevSecret(dataDir)).toEqual(first);
  expect(loadOrCreateDevSecret(join(folder, "other"))).not.toEqual(first);
});

test("the development key is recognised, raw or as its stored text, so production can refuse it", () => {
  const dataDir = join(folder, "recognise");
  const key = loadOrCreateDevSecret(dataDir);
  const storedText = new TextEncoder().encode(Buffer.from(key).toString("base64url"));
  expect(isDevSecret(dataDir, key)).toBe(true);
  expect(isDevSecret(dataDir, storedText)).toBe(true);
  expect(isDevSecret(dataDir, new TextEncoder().encode("a-production-secret-of-32-bytes!!"))).toBe(false);
  expect(isDevSecret(join(folder, "none"), key)).toBe(false);
});

test("a damaged development key is refused, never used as a short key", () => {
  const dataDir = join(folder, "damaged");
  loadOrCreateDevSecret(dataDir);
  writeFileSync(join(dataDir, DEV_SECRET_FILE), "");
  expect(() => loadOrCreateDevSecret(dataDir)).toThrow("is damaged; delete it and a new key is generated");
  writeFileSync(join(dataDir, DEV_SECRET_FILE), "c2hvcnQ");
  expect(() => loadOrCreateDevSecret(dataDir)).toThrow("is damaged");
});

test("creating the key leaves nothing but the key file behind", () => {
  const dataDir = join(folder, "tidy");
  const keys = Array.from({ length: 3 }, () => loadOrCreateDevSecret(dataDir));
  for (const key of keys) expect(key).toEqual(keys[0]!);
  expect(readdirSync(dataDir)).toEqual([DEV_SECRET_FILE]);
});
