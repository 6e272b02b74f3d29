import { describe, expect, test } from "bun:test";
import { importCycles, sourceFiles, strayImports } from "@jot/testing";
import packageJson from "../package.json";

describe("@jot/elysia stands on its own", () => {
  test("its sources import only each other, Node's and Bun's built-ins, and the packages it declares", () => {
    expect(strayImports(import.meta.dir, [...Object.keys(packageJson.dependencies), ...Object.keys(packageJson.peerDependencies)])).toEqual([]);
  });

  test("its sources import one another without a cycle", () => {
    expect(importCycles(sourceFiles(import.meta.dir), import.meta.dir)).toEqual([]);
  });
});
