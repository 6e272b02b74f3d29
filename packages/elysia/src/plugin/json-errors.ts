import type { AnyElysia } from "elysia";
import { allowedMethodsFinder } from "../guard/allowed-methods.ts";
import { answerFailure } from "../guard/answer-failure.ts";
import { stdoutErrorLog, type ErrorLog } from "../logging/error-log.ts";

/** Options of {@link jsonErrors}. */
export interface JsonErrorsOptions {
  /** Where an unexpected error is reported (`internal_error`). @default JSON lines on stdout */
  logError?: ErrorLog;
}

/**
 * What the standalone server answers where Elysia would answer text/plain, for an app of your own:
 * JSON `{error, msg}` everywhere (S-21). An unknown path is 404 `not_found`; a known path asked with
 * another method is 405 with `Allow` (a plain OPTIONS there, 204 with `Allow`); a body that cannot
 * be parsed or fails a schema is 400 `invalid_request`, never echoed; anything else thrown is 500
 * `internal_error`, logged, its text never answered. A status an app sets on purpose (`status()`)
 * is left alone. Use it after `jot()`, whose `onError` hook then still sees jot's refusals first.
 *
 * @example
 * new Elysia().use(auth).use(jsonErrors()).post("/login", …)
 */
export function jsonErrors({ logError = stdoutErrorLog }: JsonErrorsOptions = {}) {
  return <App extends AnyElysia>(app: App): App => {
    let methodsAt: ((path: string) => string[]) | undefined;
    app.onError({ as: "global" }, ({ code, error, request }) => {
      if (typeof code === "number") return undefined;
      // Routes are read at the first failure, when the app has them all.
      return answerFailure(code, error, request, { logError, methodsAt: (path) => (methodsAt ??= allowedMethodsFinder(app.routes))(path) });
    });
    return app;
  };
}
