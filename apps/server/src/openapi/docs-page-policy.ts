/**
 * The Content-Security-Policy of the `/docs` page, directive by directive: everything it loads comes
 * from this server (the page, its scripts, `/openapi.json` and the requests its client sends), and
 * nothing from anywhere else.
 *
 * Scripts: this server's files only. The page has no inline script (see docs-page-html.ts), and the
 * one code-compiling probe of the renderer's bundled zod is switched off before the renderer runs:
 * no `'unsafe-inline'` script, no `'unsafe-eval'`.
 *
 * Styles: `'unsafe-inline'`, the one exception. The renderer sets style attributes and adds style
 * elements as it renders, some generated at run time (its request editor's sheet grows as editor
 * parts mount), so neither a nonce nor hashes can name them all. A style runs no code, and with
 * images, fonts and connections limited to this server no style can send anything elsewhere.
 */
export function docsPagePolicy(): string {
  const directives: Record<string, readonly string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "font-src": ["'self'"],
    "img-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
