import { describe, expect, test } from "bun:test";
import { join } from "node:path";

const SRC = join(import.meta.dir, "..");
const README = join(SRC, "..", "..", "..", "README.md");

describe("the README's audit log table", () => {
  test("lists every event the code can record, and no other", async () => {
    const readme = await Bun.file(README).text();
    const section = readme.slice(readme.indexOf("### The audit log"));
    const documented = [...section.matchAll(/^\| `([a-z_]+)` \| (?:info|warn) \|/gm)].map(([, event]) => event!);
    const union = await Bun.file(join(SRC, "logging", "audit-log.ts")).text();
    const declared = [...union.slice(union.indexOf("export type AuditEvent"), union.indexOf(";", union.indexOf("export type AuditEvent"))).matchAll(/"([a-z_]+)"/g)].map(([, event]) => event!);
    expect(documented.sort()).toEqual(declared.sort());
    // Each declared event is recorded somewhere: the union is what the code writes.
    const sources: string[] = [];
    for await (const file of new Bun.Glob("**/*.ts").scan(SRC)) if (!file.endsWith(".test.ts")) sources.push(await Bun.file(join(SRC, file)).text());
    const code = sources.join("\n");
    for (const event of declared) expect({ event, recorded: code.includes(`"${event}"`) && /audit\(/.test(code) }).toEqual({ event, recorded: true });
  });
});
