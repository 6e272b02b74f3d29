import { Elysia } from "elysia";
import { docsPagePolicy } from "../docs-page-policy.ts";
import { DOCS_PAGE_ASSETS, type DocsPageAsset } from "./docs-page-assets.ts";
import { docsPageHtml } from "./docs-page-html.ts";

/** Where the page is, and the document it reads. */
export interface DocsPagePaths {
  page: string;
  document: string;
}

/** The URLs this page adds to the app, none of them in the OpenAPI document. */
export const DOCS_PAGE_ASSET_URLS: readonly string[] = Object.values(DOCS_PAGE_ASSETS).map((asset) => asset.url);

/**
 * `GET /docs`, the API reference page, and the scripts it runs, served by this server from the
 * installed packages (embedded in a compiled executable): the page works offline, and its
 * Content-Security-Policy ({@link docsPagePolicy}) names no other origin.
 */
export function docsPage(title: string, paths: DocsPagePaths) {
  const html = docsPageHtml(title, paths.document);
  const headers = {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": docsPagePolicy(),
    "x-content-type-options": "nosniff",
  };
  const app = new Elysia({ name: "jot-docs-page", seed: { title, paths } }).get(paths.page, () => new Response(html, { headers }), { detail: { hide: true } });
  for (const asset of Object.values(DOCS_PAGE_ASSETS)) app.get(asset.url, () => assetResponse(asset), { detail: { hide: true } });
  return app;
}

function assetResponse(asset: DocsPageAsset): Response {
  return new Response(Bun.file(asset.file), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": asset.cacheControl,
      "x-content-type-options": "nosniff",
    },
  });
}
