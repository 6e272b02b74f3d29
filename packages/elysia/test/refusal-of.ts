import { JotError } from "../src/errors/jot-error.ts";

/** `code: message` of the JotError `run` throws (or rejects with), or `accepted` when it does not. */
export async function refusalOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof JotError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "accepted";
}
