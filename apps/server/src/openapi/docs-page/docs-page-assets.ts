// Both files are imported as files (`with { type: "file" }`): the import is the file's path, and
// `bun build --compile` embeds the file in the executable, where that path still opens it with
// `Bun.file`. TypeScript sees only JavaScript without declarations, hence the expected errors.
// The bundle is not among the package's exports, so it is reached through this workspace's node_modules.
// @ts-expect-error: a file import is the file's path (a string)
import scalarStandalone from "../../../node_modules/@scalar/api-reference/dist/browser/standalone.js" with { type: "file" };
// @ts-expect-error: a file import is the file's path (a string)
import zodWithoutCodeGeneration from "./zod-without-code-generation.js" with { type: "file" };

/** The installed `@scalar/api-reference`, pinned exactly in package.json; its version names its URL. */
export const SCALAR_VERSION = "1.76.0";

/** A file the `/docs` page loads from this server. */
export interface DocsPageAsset {
  url: string;
  file: string;
  cacheControl: string;
}

/** Kept a year and never revalidated: a new version is a new URL. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/** The page's scripts, in the order it runs them. */
export const DOCS_PAGE_ASSETS = {
  /** Ours, so unversioned: revalidated on every load. */
  zodWithoutCodeGeneration: { url: "/docs/assets/zod-without-code-generation.js", file: zodWithoutCodeGeneration as string, cacheControl: "no-cache" },
  /** Scalar's reference renderer: one self-contained script. */
  scalar: { url: `/docs/assets/scalar-api-reference-${SCALAR_VERSION}.js`, file: scalarStandalone as string, cacheControl: IMMUTABLE },
} satisfies Record<string, DocsPageAsset>;
