import { openapi } from "@elysiajs/openapi";
import type { Config } from "../config/config.ts";
import { cookieNames } from "@jot/elysia/server";
import { DOCS_PAGE_ASSET_URLS, docsPage } from "./docs-page/docs-page.ts";
import { routeParameters, type ListedRoute } from "./route-parameters.ts";

/** Where the document and the reference page are served. */
export const OPENAPI_PATHS = { document: "/openapi.json", page: "/docs" } as const;

/** The routes this module adds, none of them described in the document. */
export const OPENAPI_OWN_PATHS: readonly string[] = [OPENAPI_PATHS.document, OPENAPI_PATHS.page, ...DOCS_PAGE_ASSET_URLS];

const TITLE = "jot";

/**
 * `GET /openapi.json` (OpenAPI 3.1, built by `@elysiajs/openapi` from every route's `detail`) and,
 * when `OPENAPI` is on, `GET /docs`, the reference page reading that document, served with its
 * scripts by this server (see {@link docsPage}). `routes` lists the app's routes, whose own
 * parameters the document carries.
 */
export function openapiDocs(config: Config, routes: () => readonly ListedRoute[]) {
  const document = routeParameters(OPENAPI_PATHS.document, routes).use(openapiPlugin(config));
  return config.openapi.docsPage ? document.use(docsPage(TITLE, OPENAPI_PATHS)) : document;
}

function openapiPlugin(config: Config) {
  return openapi({
    specPath: OPENAPI_PATHS.document,
    // No page from the plugin: its `scalar.cdn` could name this server's copy of the renderer, but
    // its page has an inline script element and cannot run a script before the renderer (see
    // docs-page-policy.ts for why one must), so jot serves its own page.
    provider: null,
    // The plugin skips paths with a dot as static files by default; the JWKS route has one.
    exclude: { staticFile: false },
    documentation: {
      info: {
        title: TITLE,
        version: "0.1.0",
        description:
          "JWT authentication: access and refresh tokens, rotation with reuse detection, revocation. Every error body is `{error, msg}`.",
      },
      tags: [
        { name: "auth", description: "Accounts, logins and tokens" },
        { name: "sessions", description: "Login sessions (refresh-token families)" },
        { name: "example", description: "What a protected route looks like" },
        { name: "operations", description: "Health, keys and metrics" },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "`Authorization: Bearer <token>` (`JWT_TOKEN_LOCATION=headers`)" },
          metricsToken: { type: "http", scheme: "bearer", description: "`METRICS_TOKEN`, for `GET /metrics` when set" },
          cookieAuth: {
            type: "apiKey",
            in: "cookie",
            name: cookieNames(config.jwt.cookies).access,
            description: "Cookie transport (`JWT_TOKEN_LOCATION=cookies`): unsafe methods also need the CSRF cookie's value in `X-CSRF-TOKEN`",
          },
        },
      },
    },
  });
}
