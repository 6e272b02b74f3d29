import { standaloneAuth } from "../standalone-auth.ts";
import { type Clock, stdoutErrorLog, systemClock } from "@jot/elysia/server";
import type { Config } from "../config/config.ts";
import { loadConfig } from "../config/load-config.ts";
import { settleSigningSecret } from "../config/settle-signing-secret.ts";
import { auditLine } from "../logging/audit-log.ts";
import { openStores, StoreOpenError, type Stores } from "../stores.ts";
import { AdminService, type AdminOperations, oneTimeTokensOn } from "../admin/admin-service.ts";
import type { OneTimeTokens } from "@jot/elysia/server";
import { AuditedAdmin } from "../admin/audited-admin.ts";
import { createPasswordHasher } from "../users/password-hasher.ts";
import { BackgroundWork } from "../http/background-work.ts";
import { operatorActor } from "../admin/operator-actor.ts";
import { localServerUrl } from "../config/local-server-url.ts";
import { progressBar } from "./progress-bar.ts";
import { RemoteAdmin } from "./remote-admin.ts";
import { adminSocketPath } from "../local-admin/admin-socket-path.ts";
import { socketState } from "../local-admin/socket-state.ts";

/** Where the command reads and writes: the process's, or a test's. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Everything piped to the command. */
  readStdin(): Promise<string>;
  /** Whether stderr is a terminal (a progress bar is drawn only there). */
  stderrIsTerminal: boolean;
  /** How a person runs the command, as the usage shows it; `bun run jot` unless given. */
  program?: string;
}

/** The global flags every command takes. */
export interface GlobalFlags {
  json: boolean;
  yes: boolean;
  reveal: boolean;
}

/**
 * What a command runs on: the server's configuration (from the same environment the server reads),
 * and the stores it names, opened on first use and closed by `close()`.
 */
export class CliContext {
  #config: Config | undefined;
  #stores: Promise<Stores> | undefined;
  readonly clock: Clock = systemClock;
  /** Reset and verification tokens this run issued, whose delivery `close()` waits for. */
  #oneTimeTokens: OneTimeTokens | undefined;
  /** Notices this run sent (a passkey removed), waited for before the process ends. */
  readonly #background = new BackgroundWork(stdoutErrorLog);
  /** Names this run in its audit events, as a request id names a request. */
  readonly #runId = crypto.randomUUID();

  constructor(
    readonly io: CliIo,
    readonly flags: GlobalFlags,
  ) {}

  /** The configuration, as `loadConfig` reads it for the server; throws `ConfigError`. */
  config(): Config {
    this.#config ??= loadConfig(this.io.env);
    return this.#config;
  }

  /**
   * The configuration with its signing key, as the server resolves it at start: without
   * `JWT_SECRET_KEY` in development, the generated key in the data folder.
   */
  keyedConfig(): Config {
    return settleSigningSecret(this.config());
  }

  /** The stores, opened and migrated once; throws `StoreOpenError` (a running server holds its SQLite file). */
  stores(): Promise<Stores> {
    this.#stores ??= openStores(this.config(), this.clock);
    return this.#stores;
  }

  /**
   * The admin operations, reached in this order:
   * - the admin API of the server at `JOT_ADMIN_URL`, when it and `JOT_ADMIN_TOKEN` are set;
   * - the running server's admin socket in the data folder (SQLite), when a server answers there:
   *   no token, the server records each change as the local operator's;
   * - the stores themselves, each change written as an `admin_action` line on stderr (stdout
   *   carries the answer);
   * - the running server's admin API with `JOT_ADMIN_TOKEN`, when a server holds the SQLite file.
   * `keyed` resolves the signing key first (inspecting tokens needs it).
   */
  async admin({ keyed = false } = {}): Promise<AdminOperations> {
    const remote = this.#remote();
    if (remote && this.io.env.JOT_ADMIN_URL) return remote;
    const local = await this.#localServer();
    if (local) return local;
    const config = keyed ? this.keyedConfig() : this.config();
    let stores: Stores;
    try {
      stores = await this.stores();
    } catch (error) {
      if (remote && error instanceof StoreOpenError && error.reason === "sqlite_in_use") return remote;
      throw error;
    }
    // The guard is built only when asked: it needs the signing key, which user commands do not.
    const auth = keyed ? standaloneAuth(config, { clock: this.clock, revocations: stores.revocations, sessions: stores.sessions }, stdoutErrorLog) : undefined;
    this.#oneTimeTokens ??= oneTimeTokensOn(stores, this.clock, config);
    const service = new AdminService({
      stores,
      oneTimeTokens: this.#oneTimeTokens,
      background: this.#background,
      passwords: createPasswordHasher(),
      clock: this.clock,
      config,
      ...(auth ? { authenticate: (token: string, type: "access" | "refresh") => auth.authenticate(token, type) } : {}),
    });
    // Every admin change is an audit event, made through the API or on the database (S-31).
    return new AuditedAdmin(service, operatorActor("cli"), (fields) => this.io.stderr(`${auditLine(this.clock(), "admin_action", this.#runId, fields)}\n`));
  }

  /** The admin socket of the server running on this database, when one answers on it. */
  async #localServer(): Promise<RemoteAdmin | undefined> {
    const socket = adminSocketPath(this.config().databaseUrl);
    // A path the command cannot even look at is no socket it could use: the database is next.
    if (socket === undefined || (await socketState(socket).catch(() => "absent")) !== "live") return undefined;
    return new RemoteAdmin({ socket });
  }

  /** The running server's admin API, when an admin token is given. */
  #remote(): RemoteAdmin | undefined {
    const token = this.io.env.JOT_ADMIN_TOKEN;
    if (!token) return undefined;
    return new RemoteAdmin({ url: this.io.env.JOT_ADMIN_URL || localServerUrl(this.config()), token });
  }

  /** Reports progress of long work on stderr (drawn only on a terminal, never in `--json` mode). */
  progress(): (done: number, total: number) => void {
    return progressBar(this.io.stderr, this.io.stderrIsTerminal && !this.flags.json);
  }

  async close(): Promise<void> {
    // A token issued by this run is delivered before the process ends (a webhook's retries included).
    await this.#oneTimeTokens?.settled();
    // And a notice it sent (a passkey removed).
    await this.#background.settled();
    const stores = await this.#stores?.catch(() => undefined);
    await stores?.close();
  }
}
