import { describe, expect, test } from "bun:test";
import { importCycles, sourceFiles, strayImports } from "./import-graph.ts";

// Every workspace's tests import @jot/testing, the library's and the server's included: an import of a
// jot package here would make that package depend on itself.
describe("@jot/testing depends on no jot package", () => {
  test("its sources import only each other and Node's and Bun's built-ins", () => {
    expect(strayImports(import.meta.dir, [])).toEqual([]);
  });

  test("its sources import one another without a cycle", () => {
    expect(importCycles(sourceFiles(import.meta.dir), import.meta.dir)).toEqual([]);
  });
});
