import { SQL } from "bun";

/** The Postgres that tests create their databases in. */
export const POSTGRES_ADMIN_URL = process.env.JOT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** The Redis tests use, each under its own key prefix. */
export const REDIS_TEST_URL = process.env.JOT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Whether a service a suite needs can be reached. Locally a suite without it is skipped with a
 * line saying why; under CI (`CI=true`) its absence is a failure, never a silent skip.
 */
export async function serviceAvailable(name: string, probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const why = `${name} is not reachable (${error instanceof Error ? error.message : String(error)})`;
    if (process.env.CI === "true") throw new Error(`${why}: CI needs it`);
    console.warn(`skipping the ${name} suites: ${why}`);
    return false;
  }
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
