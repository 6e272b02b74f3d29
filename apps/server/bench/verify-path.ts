/**
 * In-process cost of each step of verifying a token, in nanoseconds of CPU time per token: `bun bench/verify-path.ts`.
 * Complements the HTTP bench: it says where the time of one verification goes (HMAC, decoding,
 * claim checks, the verified-token cache) with no network or framework in the way. Figures only.
 */
import { checkClaims, createHmacKey, createTokenIssuer, createTokenVerifier, decodeJsonObjectSegment, isBase64UrlSegment, type TokenSettings } from "@jot/elysia/server";

const DISTINCT = Number(process.env.BENCH_TOKENS ?? 100_000);
const PASSES = 5;
const key = createHmacKey("HS256", crypto.getRandomValues(new Uint8Array(32)));
const settings: TokenSettings = {
  key,
  leewaySeconds: 0,
  accessTtlSeconds: 3600,
  refreshTtlSeconds: 86400,
};
const clock = () => Date.now();
const issuer = createTokenIssuer(settings, clock);
const tokens = await Promise.all(
  Array.from({ length: DISTINCT }, async (_, index) =>
    (await issuer.access({ userId: crypto.randomUUID(), username: `user${index}`, roles: [], sessionId: crypto.randomUUID() }, { fresh: false })).token,
  ),
);

/** Runs `step` over every token PASSES times (after one warm-up pass) and answers ns per call. */
function measure(label: string, step: (token: string) => unknown): void {
  for (const token of tokens) step(token);
  // CPU time, not wall time: on a shared machine the wall clock also counts other processes' turns.
  const started = process.cpuUsage();
  for (let pass = 0; pass < PASSES; pass++) for (const token of tokens) step(token);
  const used = process.cpuUsage(started);
  const perCall = ((used.user + used.system) * 1000) / (PASSES * tokens.length);
  console.log(`${label.padEnd(48)} ${perCall.toFixed(0).padStart(7)} ns`);
}

const split = (token: string) => {
  const first = token.indexOf(".");
  const second = token.indexOf(".", first + 1);
  return [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1), token.slice(0, second)] as const;
};
const now = () => clock() / 1000;

console.log(`${DISTINCT} distinct HS256 tokens of ${tokens[0]!.length} characters, round robin`);
measure("HMAC (sign the signing input)", (token) => key.sign(split(token)[3]));
measure("base64url checks of the three segments", (token) => split(token).slice(0, 3).every(isBase64UrlSegment));
measure("payload decode (base64url, UTF-8, JSON.parse)", (token) => decodeJsonObjectSegment(split(token)[1]));
const payloads = tokens.map((token) => decodeJsonObjectSegment(split(token)[1])!);
let next = 0;
measure("claim checks (TypeBox Check, time, type)", () => checkClaims(payloads[next++ % payloads.length]!, "access", settings, now()));
const map = new Map<string, number>();
measure("Map.get of a token not in the map", (token) => map.get(token));
for (const size of [0, 1_000, 10_000]) {
  const verify = createTokenVerifier(settings, clock, size);
  measure(`verify, cache ${size}`, (token) => verify(token, "access"));
}
const few = tokens.slice(0, 1_000);
const cached = createTokenVerifier(settings, clock, 10_000);
let index = 0;
measure("verify, cache 10000, 1,000 tokens (all cached)", () => cached(few[index++ % few.length]!, "access"));
