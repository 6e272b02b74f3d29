import type { TokenType } from "@jot/shared";
import { decodeJsonObjectSegment, isBase64UrlSegment, JotError } from "@jot/elysia/server";

/** What `tokens inspect` tells about a token: its decoded parts, and this server's verdict. */
export interface Inspection {
  /** The decoded header and claims, or `null` where a segment does not decode to a JSON object. */
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  accepted: boolean;
  /** The error code the server would answer, when it would refuse. */
  code?: string;
  /** Why, in an operator's words: bad signature, expired at …, revoked at …, wrong type. */
  reason?: string;
}

/** What inspecting asks of the server: its own check, and when a session ended. */
export interface InspectDeps {
  /** The plugin's `authenticate`: every check the guard makes, in its order. */
  authenticate(token: string, type: TokenType): Promise<unknown>;
  /** When the session ended (ms), or `null` while it is live or unknown. */
  sessionEndedAt(sid: string): Promise<number | null>;
}

/**
 * Decodes a token without trusting it (as the tutorial's "closer look inside" does by hand), then
 * asks the server's own guard whether it would accept it as `expected` (by default the type the
 * token says it is). The decoded claims are shown whatever the verdict; only the guard decides.
 */
export async function inspectToken(token: string, deps: InspectDeps, expected?: TokenType): Promise<Inspection> {
  const [headerSegment = "", payloadSegment = ""] = token.split(".");
  const header = isBase64UrlSegment(headerSegment) ? (decodeJsonObjectSegment(headerSegment) ?? null) : null;
  const claims = isBase64UrlSegment(payloadSegment) ? (decodeJsonObjectSegment(payloadSegment) ?? null) : null;
  const type: TokenType = expected ?? (claims?.type === "refresh" ? "refresh" : "access");
  try {
    await deps.authenticate(token, type);
    return { header, claims, accepted: true };
  } catch (error) {
    if (!(error instanceof JotError)) throw error;
    return { header, claims, accepted: false, code: error.code, reason: await reasonOf(error, claims, deps) };
  }
}

async function reasonOf(error: JotError, claims: Record<string, unknown> | null, deps: InspectDeps): Promise<string> {
  switch (error.code) {
    case "token_expired":
      return `expired at ${isoOf(claims?.exp)}`;
    case "token_not_yet_valid":
      return `not valid before ${isoOf(claims?.nbf)}`;
    case "token_revoked": {
      const ended = typeof claims?.sid === "string" ? await deps.sessionEndedAt(claims.sid) : null;
      return ended === null ? "revoked" : `revoked at ${new Date(ended).toISOString()} (its session was ended)`;
    }
    case "invalid_token":
      return error.reason === "bad_signature" ? "bad signature (not signed with this server's key)" : `invalid token: ${error.message}`;
    case "wrong_token_type":
      return `wrong type: ${error.message}`;
    default:
      return error.message;
  }
}

function isoOf(seconds: unknown): string {
  return typeof seconds === "number" && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : String(seconds);
}
