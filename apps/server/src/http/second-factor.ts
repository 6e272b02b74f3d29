import type { SecondFactor } from "@jot/shared";
import { JotError } from "@jot/elysia/server";

/** The one second factor a checked body gives: `code` or `recovery_code`, never both, never neither. */
export function secondFactorOf(input: { code?: string | undefined; recovery_code?: string | undefined }): SecondFactor {
  if (input.code !== undefined && input.recovery_code !== undefined) throw new JotError("invalid_request", "Give code or recovery_code, not both");
  if (input.code !== undefined) return { code: input.code };
  if (input.recovery_code !== undefined) return { recovery_code: input.recovery_code };
  throw new JotError("missing_parameter", "Missing code parameter");
}
