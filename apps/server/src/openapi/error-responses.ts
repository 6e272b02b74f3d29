import { ERROR_CODES, isErrorCode, type ErrorCode } from "@jot/shared";

/** A JSON schema, as an OpenAPI 3.1 document holds it. */
export type JsonSchema = Record<string, unknown>;

/** An OpenAPI response object with a JSON body. */
export interface ResponseDoc {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content: Record<string, { schema: JsonSchema }>;
}

const RETRY_AFTER = { description: "Seconds to wait before trying again", schema: { type: "integer", minimum: 0 } };
const WWW_AUTHENTICATE = { description: "RFC 6750 challenge", schema: { type: "string" } };

/**
 * The error responses of an operation, one per status of the shared table: the body is
 * `{error, msg}` with `error` one of the codes this operation can answer with that status.
 *
 * Codes are given as strings and those the table does not know are left out, so a list may name
 * a code before the table has it (the document then gains it the day the table does).
 */
export function errorResponses(codes: readonly string[]): Record<string, ResponseDoc> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    if (!isErrorCode(code)) continue;
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ResponseDoc> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers: NonNullable<ResponseDoc["headers"]> = {};
    if (statusCodes.some((code) => code === "rate_limited" || (code as string) === "overloaded")) headers["Retry-After"] = RETRY_AFTER;
    if (status === 401 || statusCodes.includes("insufficient_scope")) headers["WWW-Authenticate"] = WWW_AUTHENTICATE;
    if (statusCodes.includes("method_not_allowed")) headers.Allow = { description: "The methods this path serves", schema: { type: "string" } };
    responses[String(status)] = {
      description: statusCodes.map((code) => `\`${code}\`: ${ERROR_CODES[code].msg}`).join("; "),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      content: { "application/json": { schema: errorBodySchema(statusCodes) } },
    };
  }
  return responses;
}

/** `{error, msg}` with `error` limited to `codes`. */
export function errorBodySchema(codes: readonly ErrorCode[]): JsonSchema {
  return {
    type: "object",
    required: ["error", "msg"],
    properties: { error: { type: "string", enum: [...codes] }, msg: { type: "string" } },
    additionalProperties: false,
  };
}
