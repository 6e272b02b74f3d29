/** Where Scalar's page takes its fonts from. */
const SCALAR_FONTS = "https://fonts.scalar.com";

/**
 * The Content-Security-Policy of the `/docs` page, directive by directive: what the Scalar reference
 * page needs today and nothing more. Scalar is loaded from its CDN, the one script source, and its
 * fonts from Scalar's; once the page is served from this server, `script-src` and `font-src` become
 * `'self'` and both leave the policy.
 *
 * What it refuses on purpose: the page's inline configuration block (its data is in an attribute,
 * there is no code to run) and the `Function("")` probe with which Scalar's bundled zod asks whether
 * it may compile code (it works without): no `'unsafe-inline'` script, no `'unsafe-eval'`.
 */
export function docsPagePolicy(scalarScriptUrl: string): string {
  const directives: Record<string, readonly string[]> = {
    "default-src": ["'none'"],
    // That exact file, not the whole CDN: another package there could run on the page.
    "script-src": [scalarScriptUrl],
    // The page has inline style blocks, and Scalar adds its own styles as it renders.
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:", SCALAR_FONTS],
    // The document it reads, and the requests its client sends to this server.
    "connect-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
