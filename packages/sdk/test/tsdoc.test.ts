// Every export of @jot/sdk carries TSDoc with an example: checked through the TypeScript compiler,
// following each re-export to the declaration that documents it.
import { expect, test } from "bun:test";
import { join } from "node:path";
import ts from "typescript";

const INDEX = join(import.meta.dir, "..", "src", "index.ts");

function undocumentedExports(): { exported: string[]; missing: string[] } {
  const program = ts.createProgram([INDEX], {
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ESNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error("cannot read src/index.ts");
  const exported: string[] = [];
  const missing: string[] = [];
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const name = symbol.getName();
    exported.push(name);
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const hasExample = (target.declarations ?? []).some(hasExampleTag);
    if (!hasExample) missing.push(name);
  }
  return { exported: exported.sort(), missing: missing.sort() };
}

// getJSDocCommentsAndTags also finds a variable's TSDoc, which sits on its statement.
function hasExampleTag(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && (doc.tags ?? []).some((tag) => tag.tagName.text === "example"));
}

test(
  "every export of the SDK has TSDoc with an @example",
  () => {
    const { exported, missing } = undocumentedExports();

    expect(exported.length).toBeGreaterThanOrEqual(25);
    expect(exported).toContain("createAuthClient");
    expect(missing).toEqual([]);
  },
  60_000,
);
