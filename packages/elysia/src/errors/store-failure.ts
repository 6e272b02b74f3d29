import { JotError } from "./jot-error.ts";

/**
 * A store could not be reached: answered `503 store_unavailable` (S-14), and logged as a
 * `store_error` line (see `logging/error-log.ts`) naming the store, the operation and the
 * driver's error, which it keeps as its `cause`.
 */
export class StoreFailure extends JotError {
  constructor(
    readonly store: string,
    readonly operation: string,
    cause: unknown,
  ) {
    super("store_unavailable", `The ${store} could not be reached`, { cause });
  }
}

/**
 * Runs a store operation, turning a failure to reach the store into a {@link StoreFailure}, so
 * that a request that needed it is answered 503 and never as a success. It logs nothing itself:
 * whoever catches the failure reports it through the app's error log.
 * @example orUnavailable("database", "users.findById", () => sql`select …`)
 */
export async function orUnavailable<T>(store: string, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof JotError) throw error;
    throw new StoreFailure(store, operation, error);
  }
}
