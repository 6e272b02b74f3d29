/** What requests offered at a fixed rate got back. */
export interface Offered {
  offered: number;
  ok: number;
  /** 503 answers (jot's `overloaded`: more password work than it takes at once). */
  overloaded: number;
  /** Any other answer, by status ("network" where none came). */
  other: Record<string, number>;
}

/**
 * Sends `send(n)` open loop, one every 1/rate s whether or not earlier ones answered, for
 * `seconds`, then waits for the stragglers, as users arriving do.
 */
export async function offerAtRate(rate: number, seconds: number, send: (index: number) => Promise<Response>): Promise<Offered> {
  const outcome: Offered = { offered: 0, ok: 0, overloaded: 0, other: {} };
  const otherwise = (kind: string) => void (outcome.other[kind] = (outcome.other[kind] ?? 0) + 1);
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const index = outcome.offered++;
    pending.push(
      send(index)
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.ok) outcome.ok++;
          else if (response.status === 503) outcome.overloaded++;
          else otherwise(String(response.status));
        })
        .catch(() => otherwise("network")),
    );
    await Bun.sleep(Math.max(0, started + (outcome.offered * 1000) / rate - performance.now()));
  }
  await Promise.all(pending);
  return outcome;
}

export const describeOther = (outcomes: Offered[]) => {
  const others = new Map<string, number>();
  for (const [kind, count] of outcomes.flatMap((outcome) => Object.entries(outcome.other))) others.set(kind, (others.get(kind) ?? 0) + count);
  return [...others].map(([kind, count]) => `${count} × ${kind}`).join(", ") || "0";
};
