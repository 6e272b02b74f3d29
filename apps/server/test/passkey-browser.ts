// Chromium with CDP virtual authenticators, for the passkey suites. Debian's /usr/bin/chromium,
// launched with @jot/testing's flags: nothing leaves loopback.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type CDPSession, chromium, type Page } from "playwright-core";
import { CHROMIUM, chromiumArgs, probeChromium } from "@jot/testing";

/** Locally a machine without Debian's Chromium skips the suite saying why; under CI its absence fails. */
export const chromiumService = await probeChromium();

/** A credential as CDP's `WebAuthn.getCredentials` answers it: ids and keys in standard base64. */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/** A page on the server's origin with a virtual authenticator attached through CDP. */
export interface PasskeyBrowser {
  page: Page;
  cdp: CDPSession;
  /** Attaches a new internal, discoverable, user-verifying authenticator; answers its id. */
  addAuthenticator(): Promise<string>;
  removeAuthenticator(id: string): Promise<void>;
  credentials(authenticatorId: string): Promise<VirtualCredential[]>;
  addCredential(authenticatorId: string, credential: VirtualCredential): Promise<void>;
  /** `navigator.credentials.create` on creation options JSON; answers the credential's JSON, or the error's name. */
  create(options: unknown): Promise<Record<string, unknown> | { failed: string }>;
  /** `navigator.credentials.get` on request options JSON; answers the credential's JSON, or the error's name. */
  get(options: unknown): Promise<Record<string, unknown> | { failed: string }>;
  close(): Promise<void>;
}

/** Opens Chromium on `origin` (an `http://localhost:PORT` page: Chromium refuses an IP address as an RP ID). */
export async function openPasskeyBrowser(origin: string): Promise<PasskeyBrowser> {
  const work = mkdtempSync(join(tmpdir(), "jot-passkeys-"));
  const context: BrowserContext = await chromium.launchPersistentContext(join(work, "user-data"), {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(["127.0.0.1", "localhost"]),
  });
  const page = await context.newPage();
  await page.goto(origin, { timeout: 15_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  return {
    page,
    cdp,
    async addAuthenticator() {
      const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
        options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
      });
      return authenticatorId;
    },
    async removeAuthenticator(authenticatorId) {
      await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
    },
    async credentials(authenticatorId) {
      return (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials as VirtualCredential[];
    },
    async addCredential(authenticatorId, credential) {
      await cdp.send("WebAuthn.addCredential", { authenticatorId, credential });
    },
    create: (options) => page.evaluate(ceremony, { kind: "create" as const, options }),
    get: (options) => page.evaluate(ceremony, { kind: "get" as const, options }),
    async close() {
      await context.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Runs in the page: the browser's own JSON forms of WebAuthn options and credentials. */
async function ceremony({ kind, options }: { kind: "create" | "get"; options: unknown }): Promise<Record<string, unknown> | { failed: string }> {
  const Credential = PublicKeyCredential as unknown as {
    parseCreationOptionsFromJSON(json: unknown): PublicKeyCredentialCreationOptions;
    parseRequestOptionsFromJSON(json: unknown): PublicKeyCredentialRequestOptions;
  };
  try {
    const credential =
      kind === "create"
        ? await navigator.credentials.create({ publicKey: Credential.parseCreationOptionsFromJSON(options) })
        : await navigator.credentials.get({ publicKey: Credential.parseRequestOptionsFromJSON(options) });
    return (credential as unknown as { toJSON(): Record<string, unknown> }).toJSON();
  } catch (error) {
    return { failed: (error as Error).name };
  }
}

/** CDP's standard base64 credential id in the base64url WebAuthn libraries use. */
export const base64url = (standard: string) => Buffer.from(standard, "base64").toString("base64url");
