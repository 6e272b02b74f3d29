import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ERROR_CODES } from "./error-codes.ts";

const README = join(import.meta.dir, "..", "..", "..", "README.md");

describe("the README's error-code table", () => {
  test("lists every code of the shared table with its status, and no other", async () => {
    const readme = await Bun.file(README).text();
    const rows = [...readme.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map(([, code, status]) => [code, Number(status)]);
    const table = Object.entries(ERROR_CODES).map(([code, { status }]) => [code, status]);
    expect(rows).toEqual(table);
  });
});
