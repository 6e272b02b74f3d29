import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Algorithm, ASYMMETRIC_ALGORITHMS, generateKey, HMAC_ALGORITHMS } from "@jot/elysia/server";
import { configuredKey } from "../../config/token-options.ts";
import { DEV_SECRET_FILE } from "../../config/dev-secret.ts";
import type { CliCommand } from "../cli-command.ts";
import { CliFailure, UsageError } from "../cli-errors.ts";

const ALGORITHMS = [...Object.keys(HMAC_ALGORITHMS), ...Object.keys(ASYMMETRIC_ALGORITHMS)] as Algorithm[];

/** Writes a file only if none is there: a key in use is never overwritten. */
function writeNew(path: string, text: string, mode: number): void {
  writeFileSync(path, text, { mode, flag: "wx" });
  chmodSync(path, mode); // the umask may have narrowed or widened nothing, but make it exact
}

/** `jot keys …`: signing keys. */
export const keysCommands: CliCommand[] = [
  {
    group: "keys",
    name: "generate",
    summary: "make a new signing key: an HMAC secret or a PEM key pair (private files 0600)",
    usage: `--algorithm ${ALGORITHMS.join("|")} --out DIR`,
    help: [
      "HS*: DIR/jwt-secret.key (0600), the value of JWT_SECRET_KEY.",
      "RS256, ES256, EdDSA: DIR/jwt-private.pem (0600) for JWT_PRIVATE_KEY and DIR/jwt-public.pem (0644) for JWT_PUBLIC_KEY.",
      "Existing files are never overwritten. Nothing secret is printed unless --reveal.",
    ].join("\n"),
    options: { algorithm: { type: "string" }, out: { type: "string" } },
    args: 0,
    async run({ values }, context) {
      const algorithm = values.algorithm as string | undefined;
      const out = values.out as string | undefined;
      if (algorithm === undefined || !(ALGORITHMS as string[]).includes(algorithm)) {
        throw new UsageError(`--algorithm must be one of ${ALGORITHMS.join(", ")}`);
      }
      if (out === undefined || out === "") throw new UsageError("--out DIR is required");
      const key = generateKey(algorithm as Algorithm);
      mkdirSync(out, { recursive: true });
      const files = key.kind === "secret" ? [join(out, "jwt-secret.key")] : [join(out, "jwt-private.pem"), join(out, "jwt-public.pem")];
      const taken = files.find((file) => existsSync(file));
      if (taken) throw new CliFailure(`${taken} already exists; choose another --out folder (a key in use is never overwritten)`);
      if (key.kind === "secret") {
        writeNew(files[0]!, key.secret, 0o600);
        const shown = context.flags.reveal ? { secret: key.secret } : {};
        const text = `wrote ${files[0]} (${algorithm}, mode 0600): set JWT_SECRET_KEY to its content${context.flags.reveal ? `\nsecret: ${key.secret}` : ""}`;
        return { data: { algorithm, files: { secret: files[0] }, ...shown }, text };
      }
      writeNew(files[0]!, key.privatePem, 0o600);
      writeNew(files[1]!, key.publicPem, 0o644);
      const text = `wrote ${files[0]} (mode 0600) and ${files[1]}: JWT_ALGORITHM=${algorithm}, kid ${key.kid}${context.flags.reveal ? `\n${key.privatePem}` : ""}`;
      const shown = context.flags.reveal ? { private_key: key.privatePem } : {};
      return { data: { algorithm, kid: key.kid, files: { private_key: files[0], public_key: files[1] }, ...shown }, text };
    },
  },
  {
    group: "keys",
    name: "show",
    summary: "the configured key: algorithm, kid and JWKS entry (the secret only with --reveal)",
    usage: "",
    args: 0,
    async run(_args, context) {
      const config = context.keyedConfig();
      const key = configuredKey(config);
      // The secret as it is configured; the generated development key lives in its file.
      const configured = context.io.env.JWT_SECRET_KEY || `the generated development key (${DEV_SECRET_FILE} in the data folder)`;
      const secret = context.flags.reveal && config.jwt.secret ? { secret: configured } : {};
      const data = { algorithm: key.algorithm, kid: key.kid ?? null, jwk: key.publicJwk ?? null, ...secret };
      const lines = [
        `algorithm: ${key.algorithm}`,
        `kid: ${key.kid ?? "none"}`,
        `jwks entry: ${key.publicJwk ? JSON.stringify(key.publicJwk) : "none (/.well-known/jwks.json answers 404 for HMAC)"}`,
        ...(config.jwt.secret ? [`secret: ${"secret" in secret ? secret.secret : "hidden (--reveal shows it)"}`] : []),
      ];
      return { data, text: lines.join("\n") };
    },
  },
];
