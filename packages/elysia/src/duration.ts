const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const DURATION = /^(\d{1,9})(s|m|h|d)?$/;

/**
 * Parses `900`, `90s`, `15m`, `12h` or `30d` to whole seconds; `undefined` for anything else.
 * @example parseDuration("15m") // 900
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? "s") as keyof typeof UNIT_SECONDS;
  return Number(match[1]) * UNIT_SECONDS[unit];
}
