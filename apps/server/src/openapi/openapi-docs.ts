import { openapi } from "@elysiajs/openapi";
import type { Config } from "../config/config.ts";
import { cookieNames } from "../http/token-cookies.ts";
import { routeParameters, type ListedRoute } from "./route-parameters.ts";

type ScalarOptions = NonNullable<NonNullable<Parameters<typeof openapi>[0]>["scalar"]>;

/** Where the document and the reference page are served. */
export const OPENAPI_PATHS = { document: "/openapi.json", page: "/docs" } as const;

/**
 * The Scalar reference page's version, loaded from its CDN by the page: pinned, so the page a
 * browser runs is the one tested (the plugin's default is "latest").
 */
export const SCALAR_VERSION = "1.76.0";

/**
 * `GET /openapi.json` (OpenAPI 3.1, built by `@elysiajs/openapi` from every route's `detail`) and,
 * when `OPENAPI` is on, `GET /docs`, the plugin's Scalar reference page reading that document.
 * `routes` lists the app's routes, whose own parameters the document carries.
 */
export function openapiDocs(config: Config, routes: () => readonly ListedRoute[]) {
  const docs = openapi({
    path: OPENAPI_PATHS.page,
    specPath: OPENAPI_PATHS.document,
    provider: config.openapi.docsPage ? "scalar" : null,
    // The plugin types Scalar's options as its parsed (fully defaulted) form; only the version is ours.
    scalar: { version: SCALAR_VERSION } as ScalarOptions,
    // The plugin skips paths with a dot as static files by default; the JWKS route has one.
    exclude: { staticFile: false },
    documentation: {
      info: {
        title: "jot",
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
  return routeParameters(OPENAPI_PATHS.document, routes).use(docs);
}
