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

/** The bounds a duration must keep, in whole seconds. */
export interface DurationBounds {
  /** @default 1 */
  min?: number;
  /** @default no limit */
  max?: number;
}

/**
 * Whole seconds of a duration (a whole number of seconds, or text {@link parseDuration} reads)
 * within its bounds, or what is wrong with it, for the caller to say under the setting's name.
 */
export function checkDuration(value: string | number, { min = 1, max = Number.POSITIVE_INFINITY }: DurationBounds = {}): { seconds: number } | { problem: string } {
  const seconds = typeof value === "number" ? (Number.isInteger(value) ? value : undefined) : parseDuration(value);
  const given = JSON.stringify(value);
  if (seconds === undefined) return { problem: `expected seconds or a duration such as 90s, 15m, 12h, 30d, got ${given}` };
  if (seconds < min) return { problem: `must be at least ${min}s, got ${given}` };
  if (seconds > max) return { problem: `must be at most ${max}s, got ${given}` };
  return { seconds };
}
