import { JotError } from "../errors.ts";

/**
 * Runs a store operation, turning a failure to reach the store into `store_unavailable` (S-14),
 * so that a request that needed it is answered 503 and never as a success.
 */
export async function orUnavailable<T>(store: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof JotError) throw error;
    // The cause is logged (its kind, never its text, which may quote stored values) so that an
    // operator sees why requests are refused.
    const { name, code } = error as { name?: string; code?: string };
    console.error(JSON.stringify({ level: "error", event: "store_error", store, error: name ?? typeof error, code: code ?? null }));
    throw new JotError("store_unavailable", `The ${store} could not be reached`);
  }
}
