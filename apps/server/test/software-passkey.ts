import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { TestApp } from "./test-app.ts";

// A passkey made in software, for in-process tests of what a passkey login leads to (the second
// factor, step-up, recovery). It answers the server's options as an authenticator with user
// verification would (ES256, attestation "none"); real authenticators are driven in Chromium by
// e2e/passkeys-browser.test.ts.

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

/** The CBOR (RFC 8949) of the few values WebAuthn structures need. */
function cbor(value: Cbor): Uint8Array {
  const head = (major: number, length: number): number[] => {
    if (length < 24) return [(major << 5) | length];
    if (length < 0x100) return [(major << 5) | 24, length];
    return [(major << 5) | 25, length >> 8, length & 0xff];
  };
  if (typeof value === "number") return new Uint8Array(value >= 0 ? head(0, value) : head(1, -1 - value));
  if (typeof value === "string") {
    const text = new TextEncoder().encode(value);
    return new Uint8Array([...head(3, text.length), ...text]);
  }
  if (value instanceof Uint8Array) return new Uint8Array([...head(2, value.length), ...value]);
  const entries = [...value].flatMap(([key, entry]) => [...cbor(key), ...cbor(entry)]);
  return new Uint8Array([...head(5, value.size), ...entries]);
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());
const uint32 = (value: number) => [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

/** User present and user verified; with attested credential data at registration. */
const UP_UV = 0x05;
const UP_UV_AT = 0x45;

/** A software authenticator holding one ES256 passkey for `rpId`, answering as `origin`. */
export class SoftwarePasskey {
  readonly id = b64url(crypto.getRandomValues(new Uint8Array(16)));
  readonly #privateKey: KeyObject;
  readonly #cosePublicKey: Uint8Array;
  #counter = 0;

  constructor(
    private readonly rpId = "localhost",
    private readonly origin = "http://localhost:4000",
  ) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.#privateKey = privateKey;
    const { x, y } = publicKey.export({ format: "jwk" });
    // COSE_Key: kty EC2, alg ES256, crv P-256, x, y.
    this.#cosePublicKey = cbor(new Map<Cbor, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(x!, "base64url")], [-3, Buffer.from(y!, "base64url")]]));
  }

  #clientData(type: "webauthn.create" | "webauthn.get", challenge: string): string {
    return JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false });
  }

  /** The answer to registration options (`navigator.credentials.create`). */
  attest(options: { challenge: string; challenge_id: string }, name = "Software key") {
    const credentialId = Buffer.from(this.id, "base64url");
    const authData = new Uint8Array([
      ...sha256(this.rpId),
      UP_UV_AT,
      ...uint32(this.#counter),
      ...new Uint8Array(16),
      credentialId.length >> 8,
      credentialId.length & 0xff,
      ...credentialId,
      ...this.#cosePublicKey,
    ]);
    const attestationObject = cbor(new Map<Cbor, Cbor>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    return {
      challenge_id: options.challenge_id,
      name,
      response: {
        id: this.id,
        rawId: this.id,
        type: "public-key",
        response: { clientDataJSON: b64url(this.#clientData("webauthn.create", options.challenge)), attestationObject: b64url(attestationObject), transports: ["internal"] },
        clientExtensionResults: {},
      },
    };
  }

  /** The answer to login options (`navigator.credentials.get`), signed by this passkey for `userId`. */
  assert(options: { challenge: string; challenge_id: string }, userId: string) {
    this.#counter += 1;
    const authData = new Uint8Array([...sha256(this.rpId), UP_UV, ...uint32(this.#counter)]);
    const clientDataJSON = this.#clientData("webauthn.get", options.challenge);
    const signature = sign("sha256", new Uint8Array([...authData, ...sha256(clientDataJSON)]), this.#privateKey);
    return {
      challenge_id: options.challenge_id,
      response: {
        id: this.id,
        rawId: this.id,
        type: "public-key",
        response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: b64url(userId) },
        clientExtensionResults: {},
      },
    };
  }
}

async function postJson(t: TestApp, path: string, json: unknown, token?: string): Promise<Record<string, any>> {
  const response = await t.request(path, { method: "POST", json, ...(token === undefined ? {} : { token }) });
  const body = (await response.json()) as Record<string, any>;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Registers a new software passkey for the holder of a fresh `access` token, through the server's routes. */
export async function addSoftwarePasskey(t: TestApp, access: string, name?: string): Promise<SoftwarePasskey> {
  const passkey = new SoftwarePasskey();
  const options = (await postJson(t, "/auth/passkeys/register/options", {}, access)) as { challenge: string; challenge_id: string };
  await postJson(t, "/auth/passkeys/register/verify", passkey.attest(options, name), access);
  return passkey;
}

/** Logs in with `passkey` as `username`'s; answers the response of `POST /auth/passkeys/login/verify`. */
export async function passkeyLogin(t: TestApp, passkey: SoftwarePasskey, user: { username: string; id: string }): Promise<Response> {
  const options = (await postJson(t, "/auth/passkeys/login/options", { username: user.username })) as { challenge: string; challenge_id: string };
  return t.request("/auth/passkeys/login/verify", { method: "POST", json: passkey.assert(options, user.id) });
}
