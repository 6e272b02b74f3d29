/**
 * `@jot/testing`: what the tests of more than one workspace share. Tokens made by hand, a manual
 * clock, the answers a guard gives, the Postgres and Redis services, polling, child processes and
 * the standalone server run as one. It imports no jot package, so every workspace may use it.
 *
 * @packageDocumentation
 */

/** Tokens and signatures made by hand. */
export { claimsOf, craftToken, segments } from "./craft-token.ts";
export { ecdsaTwin, withTwinSignature } from "./ecdsa-twin.ts";
export { revocableToken, type TestRevocableToken } from "./revocable-token.ts";
/** Time and the test key. */
export { manualClock, type ManualClock, TEST_SECRET } from "./manual-clock.ts";
/** What a request or a call answered. */
export { EXPIRED, REVOKED } from "./expected-outcomes.ts";
export { outcome } from "./outcome.ts";
export { type RefusalClass, refusalsOf } from "./refusal-of.ts";
/** Postgres and Redis, and waiting for what they settle. */
export { createPostgresDatabase, describeWith, pingPostgres, pingRedis, POSTGRES_ADMIN_URL, probeService, REDIS_TEST_URL, type Service, type TestDatabase } from "./services.ts";
export { countRedisKeys, deleteRedisKeys } from "./redis-keys.ts";
export { redisServerAvailable, type RedisServerOptions, type RedisServerProcess, startRedisServer } from "./redis-server.ts";
export { eventually, type PollOptions, pollUntil } from "./poll.ts";
/** TOTP codes from an independent implementation (Debian's oathtool). */
export { oathtoolCode, oathtoolService } from "./oathtool.ts";
/** An SDK login's session, when it signed in. */
export { sessionOf } from "./session-of.ts";
/** Debian's Chromium for the browser suites. */
export { CHROMIUM, chromiumArgs, probeChromium } from "./chromium.ts";
/** Child processes. */
export { collectOutput } from "./collect-output.ts";
export { type ServerProcess, spawnServer } from "./spawn-server.ts";
/** The import graph of a folder of sources. */
export { importCycles, importsOf, type SourceImport, sourceFiles, strayImports } from "./import-graph.ts";
