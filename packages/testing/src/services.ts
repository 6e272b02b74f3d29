import { describe } from "bun:test";
import { RedisClient, SQL } from "bun";

/** The Postgres that tests create their databases in. */
export const POSTGRES_ADMIN_URL = process.env.JOT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** The Redis tests use, each under its own key prefix. */
export const REDIS_TEST_URL = process.env.JOT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A service some suites need: its name, and why it is missing (`undefined` when it answered). */
export interface Service {
  name: string;
  missing: string | undefined;
}

/**
 * Probes a service some suites need. Locally a missing one makes those suites skipped (see
 * {@link describeWith}); under CI (`CI=true`) its absence is a failure, thrown here.
 */
export async function probeService(name: string, probe: () => unknown): Promise<Service> {
  try {
    await probe();
    return { name, missing: undefined };
  } catch (error) {
    const missing = `${name} is not reachable (${error instanceof Error ? error.message : String(error)})`;
    if (process.env.CI === "true") throw new Error(`${missing}: CI needs it`);
    return { name, missing };
  }
}

/**
 * `describe` for suites that need `services`: when one is missing every test in it is still
 * registered, and reported as skipped with the reason in the suite's title, never left out.
 */
export function describeWith(services: Service | readonly Service[], title: string, body: () => void): void {
  const missing = [services].flat().flatMap((service) => (service.missing === undefined ? [] : [service.missing]));
  if (missing.length === 0) describe(title, body);
  else describe.skip(`${title} (skipped: ${missing.join("; ")})`, body);
}

/** A throwaway Postgres database for one test file: created empty, dropped by `drop()`. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `jot_test_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = new SQL(POSTGRES_ADMIN_URL, { max: 1, connectionTimeout: 3 });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new SQL(POSTGRES_ADMIN_URL, { max: 1 });
      try {
        await again.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await again.close();
      }
    },
  };
}

/** Answers once Postgres takes a query. */
export async function pingPostgres(): Promise<void> {
  const sql = new SQL(POSTGRES_ADMIN_URL, { max: 1, connectionTimeout: 2 });
  try {
    await sql`select 1`;
  } finally {
    await sql.close();
  }
}

/** Whether a Redis answers PING at `url`; rejects with the reason when it does not. */
export async function pingRedis(url: string): Promise<void> {
  const client = new RedisClient(url, { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: 1000 });
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.close();
  }
}
