/** An error class whose instances are refusals: each carries its code. */
export type RefusalClass = abstract new (...args: never[]) => Error & { code: string };

/**
 * A reader of `refusal`'s instances: it answers `code: message` of the refusal `run` throws (or
 * rejects with), or `accepted` when it throws none; any other error is thrown on.
 */
export function refusalsOf(refusal: RefusalClass): (run: () => unknown) => Promise<string> {
  return async (run) => {
    try {
      await run();
    } catch (error) {
      if (error instanceof refusal) return `${error.code}: ${error.message}`;
      throw error;
    }
    return "accepted";
  };
}
