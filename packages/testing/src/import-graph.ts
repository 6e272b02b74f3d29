import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

/** One import of a source file: what it names, and the file it resolves to when that is a file of the repository. */
export interface SourceImport {
  specifier: string;
  /** The absolute path, for a relative import; `undefined` for a package. */
  file: string | undefined;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every import of a file, type-only ones included (a cycle of types is still a cycle of modules). */
export function importsOf(file: string): SourceImport[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(IMPORT)].map((match) => {
    const specifier = (match[1] ?? match[2])!;
    if (!specifier.startsWith(".")) return { specifier, file: undefined };
    const target = resolve(dirname(file), specifier);
    return { specifier, file: existsSync(target) ? target : undefined };
  });
}

/** The non-test TypeScript files under a folder, as absolute paths. */
export function sourceFiles(folder: string): string[] {
  return [...new Bun.Glob("**/*.ts").scanSync({ cwd: folder })].filter((path) => !path.endsWith(".test.ts")).map((path) => resolve(folder, path));
}

/** The import cycles among these files (Tarjan's strongly connected components of two or more), each as paths relative to `root`. */
export function importCycles(files: readonly string[], root: string): string[][] {
  const edges = new Map(files.map((file) => [file, importsOf(file).flatMap((found) => (found.file ? [found.file] : []))]));
  let next = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    order.set(file, next);
    low.set(file, next++);
    stack.push(file);
    for (const target of edges.get(file) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (stack.includes(target)) low.set(file, Math.min(low.get(file)!, order.get(target)!));
    }
    if (low.get(file) !== order.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      component.push(relative(root, member));
    } while (member !== file);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const file of files) if (!order.has(file)) visit(file);
  return cycles;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/**
 * The imports of a package's sources that reach outside it: a relative path out of `folder`, or a
 * package that is neither a built-in (`node:…`, `bun`, `bun:…`) nor one of `declared`. Each as `file → specifier`.
 */
export function strayImports(folder: string, declared: readonly string[]): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(file)
      .filter(({ specifier, file: target }) => {
        if (specifier.startsWith(".")) return target === undefined || !target.startsWith(`${folder}/`);
        return !(specifier.startsWith("node:") || specifier === "bun" || specifier.startsWith("bun:") || declared.includes(packageOf(specifier)));
      })
      .map(({ specifier }) => `${relative(folder, file)} → ${specifier}`),
  );
}
