import { ERROR_CODES, type ErrorCode } from "@jot/shared";

/** A fact about a failure that its code alone does not tell, for a caller to act on without reading the message. */
export type JotErrorReason =
  /** The token's signature does not verify with any key in use: forged, or signed by someone else. */
  "bad_signature";

/** What a failure may say beyond its code and message, for the HTTP layer to render. */
export interface JotErrorDetails {
  /** Why, as a fact (see {@link JotErrorReason}). */
  reason?: JotErrorReason;
  /** Seconds until trying again makes sense; answered as `Retry-After`. */
  retryAfterSeconds?: number;
  /** The error this one stands for, such as a driver's (logged, never answered). */
  cause?: unknown;
}

/**
 * A failure with one of the contract's error codes. Thrown anywhere below the HTTP layer;
 * `guard/error-response.ts` is the one place that turns it into a response, headers included.
 */
export class JotError extends Error {
  readonly code: ErrorCode;
  /** Seconds until trying again makes sense (a throttled attempt), when the failure says so. */
  readonly retryAfterSeconds: number | undefined;
  /** Why, as a fact, when the code alone does not tell. */
  readonly reason: JotErrorReason | undefined;

  constructor(code: ErrorCode, msg: string = ERROR_CODES[code].msg, { retryAfterSeconds, cause, reason }: JotErrorDetails = {}) {
    super(msg, cause === undefined ? undefined : { cause });
    this.name = "JotError";
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.reason = reason;
  }

  /** The HTTP status the shared error table assigns to this code. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}
