/**
 * How long a revocation must be kept (seconds since the epoch): a token is still accepted for the
 * leeway past its `exp`, so an entry covering tokens that expire at `exp` lives until `exp + leeway`.
 */
export function revokedUntil(exp: number, leewaySeconds: number): number {
  return exp + leewaySeconds;
}

/**
 * The time (seconds since the epoch) before which stored entries may be pruned at `nowMs`: kept
 * through the leeway, as a token is still accepted that long after its `exp`.
 */
export function pruneHorizon(nowMs: number, leewaySeconds: number): number {
  return nowMs / 1000 - leewaySeconds;
}
