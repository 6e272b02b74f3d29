/** What every scenario of one run shares: knobs, cores, the key, the token sets and the services. */
export interface BenchContext {
  seconds: number;
  rounds: number;
  connections: number;
  /** The core servers run on, and the one wrk and the bench itself run on. */
  serverCpu: number;
  loadCpu: number;
  secret: string;
  /** Token files by size (100,000 distinct tokens; 1,000), each one token per line. */
  tokens: { many: string; few: string; manyCount: number; fewCount: number };
  postgresUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

/** A jot configuration to measure, by the environment it is started with. */
export interface JotVariant {
  label: string;
  env: Record<string, string>;
}

/**
 * jot's store configurations. "Postgres, no Redis" measures whatever that deployment does on
 * the code being benchmarked (a query per request, or a mirror kept by LISTEN/NOTIFY).
 */
export function jotVariants(context: BenchContext): { sqlite: JotVariant; sqliteNoCache: JotVariant; postgres: JotVariant; postgresRedis: JotVariant } {
  const postgres = { DATABASE_URL: context.postgresUrl };
  return {
    sqlite: { label: "jot, SQLite", env: {} },
    sqliteNoCache: { label: "jot, SQLite, JWT_VERIFY_CACHE_SIZE=0", env: { JWT_VERIFY_CACHE_SIZE: "0" } },
    postgres: { label: "jot, Postgres, no Redis", env: postgres },
    postgresRedis: {
      label: "jot, Postgres + Redis",
      env: { ...postgres, REDIS_URL: context.redisUrl, REDIS_KEY_PREFIX: context.redisPrefix },
    },
  };
}
