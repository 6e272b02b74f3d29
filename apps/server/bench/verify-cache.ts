/**
 * `bun bench/verify-cache.ts`: the verified-token cache in process, no network. Two figures:
 * - memory: heap and RSS grown by a cache of the default size holding 100,000 distinct tokens
 *   (each verified three times, so each is kept), with the garbage collector run first and last;
 * - cost: CPU µs per verification with the cache on (default size) and off, over 1,000, 100,000 and
 *   1,000,000 distinct tokens sent round robin; on and off interleaved round by round, medians.
 * `BENCH_CACHE_SETS=1000,20000` and `BENCH_ROUNDS` make it smaller. Figures only; nothing is asserted.
 */
import { createHmacKey, createTokenIssuer, createTokenVerifier, DEFAULT_VERIFIED_CACHE_SIZE, type TokenSettings } from "@jot/elysia/server";

const SETS = (process.env.BENCH_CACHE_SETS ?? "1000,100000,1000000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FILLED = Math.min(100_000, Math.max(...SETS));
const key = createHmacKey("HS256", crypto.getRandomValues(new Uint8Array(32)));
const settings: TokenSettings = { key, leewaySeconds: 0, accessTtlSeconds: 3600, refreshTtlSeconds: 86400 };
const clock = () => Date.now();

const tokens = await mintTokens(Math.max(...SETS));
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

// Memory: what a verifier keeps after verifying FILLED tokens three times, cache on and off, the
// tokens themselves made beforehand and the path run over them once first (code compiled, buffers
// grown); heap (typed arrays included) after a full collection, on and off interleaved.
const warm = createTokenVerifier(settings, clock, 0);
for (let index = 0; index < FILLED; index++) warm(tokens[index]!, "access");
const kept: unknown[] = [];
/** Collects until the heap stops shrinking: the first collection after minting leaves some behind. */
const settle = () => {
  let last = Number.POSITIVE_INFINITY;
  for (let collection = 0; collection < 10 && process.memoryUsage().heapUsed < last - 2 ** 16; collection++) {
    last = process.memoryUsage().heapUsed;
    Bun.gc(true);
  }
};
const grown = (cacheSize: number) => {
  settle();
  const before = process.memoryUsage().heapUsed;
  const verify = createTokenVerifier(settings, clock, cacheSize);
  for (let sight = 0; sight < 3; sight++) for (let index = 0; index < FILLED; index++) verify(tokens[index]!, "access");
  kept.push(verify);
  settle();
  return process.memoryUsage().heapUsed - before;
};
const memory = { on: [] as number[], off: [] as number[] };
for (let round = 0; round < 2; round++) {
  memory.off.push(grown(0));
  memory.on.push(grown(DEFAULT_VERIFIED_CACHE_SIZE));
}
const least = (values: number[]) => Math.min(...values);
const perToken = (least(memory.on) - least(memory.off)) / FILLED;
console.log(`${FILLED.toLocaleString("en")} tokens kept by a cache of ${DEFAULT_VERIFIED_CACHE_SIZE.toLocaleString("en")}: heap +${mib(least(memory.on))} MiB (cache off: +${mib(least(memory.off))} MiB), ${perToken.toFixed(1)} bytes per token`);

// Cost: the same verifications with the cache on and off, rounds interleaved.
for (const distinct of SETS) {
  const set = tokens.slice(0, distinct);
  const on = createTokenVerifier(settings, clock);
  const off = createTokenVerifier(settings, clock, 0);
  const calls = Math.max(distinct, 200_000);
  const run = (verify: typeof on) => {
    // CPU time, not wall time: on a shared machine the wall clock also counts other processes' turns.
    const started = process.cpuUsage();
    for (let call = 0; call < calls; call++) verify(set[call % distinct]!, "access");
    const used = process.cpuUsage(started);
    return (used.user + used.system) / calls;
  };
  // Warm-up: two sights of every token, so the cache has kept what it can.
  run(on), run(on), run(off);
  const samples = { on: [] as number[], off: [] as number[] };
  // Which goes first alternates: the first of a pair may pay for the garbage the pair before left.
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) samples.on.push(run(on));
    samples.off.push(run(off));
    if (round % 2 === 1) samples.on.push(run(on));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const [cachedCost, uncachedCost] = [median(samples.on), median(samples.off)];
  console.log(`${distinct.toLocaleString("en")} distinct tokens, round robin: cache on ${cachedCost.toFixed(2)} µs, off ${uncachedCost.toFixed(2)} µs per verification (on ÷ off ${(cachedCost / uncachedCost).toFixed(2)})`);
}

/** `count` distinct access tokens of jot's own shape, signed with its key: the issuer's header, new ids each. */
async function mintTokens(count: number): Promise<string[]> {
  const template = (await createTokenIssuer(settings, clock).access({ userId: "u", username: "u", roles: [], sessionId: crypto.randomUUID() }, { fresh: true })).token;
  const header = template.slice(0, template.indexOf("."));
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, index) => {
    const claims = { jti: crypto.randomUUID(), sub: crypto.randomUUID(), sid: Bun.randomUUIDv7(), username: `user${index}`, roles: [], type: "access", fresh: true, nbf: now, exp: now + 3600, iat: now };
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    return `${input}.${key.sign(input)}`;
  });
}
