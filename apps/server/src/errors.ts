import { ERROR_CODES, type ErrorCode } from "@jot/shared";

/**
 * A failure with one of the contract's error codes. Thrown anywhere below the HTTP layer;
 * `http/error-response.ts` is the one place that turns it into a response.
 */
export class JotError extends Error {
  readonly code: ErrorCode;
  /** Response headers the failure needs, such as `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, msg: string = ERROR_CODES[code].msg, headers: Record<string, string> = {}) {
    super(msg);
    this.name = "JotError";
    this.code = code;
    this.headers = headers;
  }

  /** The HTTP status the shared error table assigns to this code. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}
