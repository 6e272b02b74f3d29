import { openapi } from "@elysiajs/openapi";
import type { Config } from "../config/config.ts";
import { cookieNames } from "@jot/elysia/server";
import { docsPagePolicy } from "./docs-page-policy.ts";
import { routeParameters, type ListedRoute } from "./route-parameters.ts";

type ScalarOptions = NonNullable<NonNullable<Parameters<typeof openapi>[0]>["scalar"]>;

/** Where the document and the reference page are served. */
export const OPENAPI_PATHS = { document: "/openapi.json", page: "/docs" } as const;

/**
 * The Scalar reference page's version, loaded from its CDN by the page: pinned, so the page a
 * browser runs is the one tested (the plugin's default is "latest").
 */
export const SCALAR_VERSION = "1.76.0";

/** The Scalar bundle the page loads: one file, named in the page and in its policy. */
export const SCALAR_SCRIPT_URL = `https://cdn.jsdelivr.net/npm/@scalar/api-reference@${SCALAR_VERSION}/dist/browser/standalone.min.js`;

/** Headers of the `/docs` page: its Content-Security-Policy, and no sniffing a type other than HTML. */
const DOCS_PAGE_HEADERS = {
  "content-security-policy": docsPagePolicy(SCALAR_SCRIPT_URL),
  "x-content-type-options": "nosniff",
};

/**
 * `GET /openapi.json` (OpenAPI 3.1, built by `@elysiajs/openapi` from every route's `detail`) and,
 * when `OPENAPI` is on, `GET /docs`, the plugin's Scalar reference page reading that document, with
 * {@link docsPagePolicy} as its Content-Security-Policy. `routes` lists the app's routes, whose own
 * parameters the document carries.
 */
export function openapiDocs(config: Config, routes: () => readonly ListedRoute[]) {
  // Hooks of this instance reach only the plugin's two routes.
  return routeParameters(OPENAPI_PATHS.document, routes)
    .onBeforeHandle(({ path, set }) => {
      if (path === OPENAPI_PATHS.page) Object.assign(set.headers, DOCS_PAGE_HEADERS);
    })
    .use(openapiPlugin(config));
}

function openapiPlugin(config: Config) {
  return openapi({
    path: OPENAPI_PATHS.page,
    specPath: OPENAPI_PATHS.document,
    provider: config.openapi.docsPage ? "scalar" : null,
    // The plugin types Scalar's options as its parsed (fully defaulted) form; only these are ours.
    scalar: { version: SCALAR_VERSION, cdn: SCALAR_SCRIPT_URL } as ScalarOptions,
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
}
