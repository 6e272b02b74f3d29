import { DOCS_PAGE_ASSETS } from "./docs-page-assets.ts";

/** What the reference renderer is told: where the document is, and to reach for nothing elsewhere. */
export function rendererConfiguration(documentUrl: string) {
  return {
    url: documentUrl,
    // Scalar's fonts come from its own site; the page uses the system's.
    withDefaultFonts: false,
    telemetry: false,
    // The assistant talks to Scalar's service.
    agent: { disabled: true },
  };
}

/**
 * The `/docs` page: no inline script, so its policy allows none. Scalar mounts on
 * `#api-reference` and reads its configuration from the `data-configuration` attribute; the element
 * is a JSON data block, which the browser never runs.
 */
export function docsPageHtml(title: string, documentUrl: string): string {
  const configuration = escapeAttribute(JSON.stringify(rendererConfiguration(documentUrl)));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeAttribute(title)}</title>
  </head>
  <body>
    <script id="api-reference" type="application/json" data-configuration="${configuration}"></script>
    <script src="${DOCS_PAGE_ASSETS.zodWithoutCodeGeneration.url}"></script>
    <script src="${DOCS_PAGE_ASSETS.scalar.url}"></script>
  </body>
</html>
`;
}

function escapeAttribute(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
