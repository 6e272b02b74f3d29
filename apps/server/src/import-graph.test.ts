import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { importCycles, sourceFiles } from "@jot/testing";

const transpiler = new Bun.Transpiler({ loader: "ts" });

/** What loading `entry` loads: the repository's files and the packages they import (type-only imports load nothing). */
function loadedBy(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const { path } of transpiler.scanImports(readFileSync(file, "utf8"))) {
      if (path.startsWith("node:") || path === "bun" || path.startsWith("bun:")) continue;
      const target = Bun.resolveSync(path, dirname(file));
      if (target.includes("/node_modules/")) packages.add(path);
      else pending.push(target);
    }
  }
  return { files: [...files].map((file) => relative(import.meta.dir, file)), packages: [...packages] };
}

describe("the server's import graph", () => {
  test("its sources import one another without a cycle", () => {
    expect(importCycles(sourceFiles(import.meta.dir), import.meta.dir)).toEqual([]);
  });

  test("the admin command loads neither the HTTP app, nor its metrics, nor its OpenAPI document", () => {
    const { files, packages } = loadedBy(`${import.meta.dir}/cli/main.ts`);
    expect(files).toContain("cli/run-cli.ts");
    expect(files).not.toContain("app.ts");
    expect(files.filter((file) => file.startsWith("metrics/") || file.startsWith("openapi/") || file.startsWith("http/routes/") && file !== "http/routes/admin-paths.ts")).toEqual([]);
    expect(packages.filter((name) => name === "prom-client" || name.startsWith("@elysiajs/openapi"))).toEqual([]);
  });
});
