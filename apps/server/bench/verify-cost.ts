/**
 * `bun bench/verify-cost.ts`: what one token's signature check costs in process, on many distinct
 * tokens (never one repeated): jot's own HMAC check (the guard's hot path), jot's whole verifier with
 * its cache off, and `@elysiajs/jwt`'s `verify` with the algorithm pinned. Rounds are interleaved
 * and the median is printed. Figures only; nothing is asserted.
 */
import { jwt } from "@elysiajs/jwt";
import { createHmacKey, createTokenIssuer, createTokenVerifier, systemClock } from "@jot/elysia/server";

const TOKENS = Number(process.env.BENCH_TOKENS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const secret = crypto.getRandomValues(new Uint8Array(32));
const key = createHmacKey("HS256", secret);
const settings = { key, leewaySeconds: 0, accessTtlSeconds: 900, refreshTtlSeconds: 86400 };
const issuer = createTokenIssuer(settings, systemClock);
const tokens: string[] = [];
for (let index = 0; index < TOKENS; index++) tokens.push((await issuer.access({ userId: `user-${index}`, roles: [] }, { fresh: false })).token);

const verifier = createTokenVerifier(settings, systemClock, 0);
const elysiaJwt = jwt({ name: "jwt", secret }).decorator.jwt;
const pinned = { algorithms: ["HS256" as const] };

const candidates: Record<string, (token: string) => unknown> = {
  "jot HMAC check": (token) => {
    const dot = token.lastIndexOf(".");
    if (!key.verify(token.slice(0, dot), token.slice(dot + 1))) throw new Error("bad signature");
  },
  "jot verifier (cache off)": (token) => verifier(token, "access"),
  "@elysiajs/jwt verify": async (token) => {
    if ((await elysiaJwt.verify(token, pinned)) === false) throw new Error("refused");
  },
};

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(candidates)) {
    const started = Bun.nanoseconds();
    for (const token of tokens) await run(token);
    samples[name]!.push((Bun.nanoseconds() - started) / tokens.length / 1000);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const base = median(samples["jot HMAC check"]!);
console.log(`${TOKENS} distinct HS256 tokens, ${ROUNDS} interleaved rounds, median µs per token:`);
for (const [name, values] of Object.entries(samples)) {
  console.log(`  ${name.padEnd(26)} ${median(values).toFixed(2).padStart(7)} µs  (${(median(values) / base).toFixed(1)}× the HMAC check)`);
}
