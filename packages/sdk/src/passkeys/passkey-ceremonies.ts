import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { ROUTES, type PasskeyCreatedResponse } from "@jot/shared";
import type { KyInstance } from "ky";
import { readJsonAnswer } from "../to-auth-error.ts";
import { passkeyCeremonyError } from "./passkey-error.ts";

/**
 * Options of `auth.loginWithPasskey()`.
 *
 * @example
 * ```ts
 * await auth.loginWithPasskey({ username: "ada" });   // ada's passkeys only
 * await auth.loginWithPasskey({ autofill: true });    // from <input autocomplete="username webauthn">
 * ```
 */
export interface PasskeyLoginOptions {
  /** Offers only this user's passkeys; without it the browser offers every passkey it has for the site. */
  username?: string;
  /**
   * Conditional mediation: the browser offers passkeys in the autofill of an input with
   * `autocomplete="username webauthn"`, and the call settles once the user picks one.
   * @default false
   */
  autofill?: boolean;
}

/** Runs the browser's part of a ceremony; its failure becomes a `passkey_*` AuthError. */
async function inBrowser<T>(ceremony: () => Promise<T>): Promise<T> {
  try {
    return await ceremony();
  } catch (caught) {
    throw passkeyCeremonyError(caught);
  }
}

/**
 * `POST /auth/passkeys/register/options`, the browser's `navigator.credentials.create`, then
 * `POST /auth/passkeys/register/verify`, on `api` (which signs the calls in: a fresh token is needed).
 */
export async function registerPasskey(api: KyInstance, { name }: { name?: string } = {}): Promise<PasskeyCreatedResponse> {
  const optionsJSON = await readJsonAnswer(await api.post(ROUTES.passkeyRegisterOptions));
  const response = await inBrowser(() => startRegistration({ optionsJSON: optionsJSON as never }));
  return (await readJsonAnswer(await api.post(ROUTES.passkeyRegisterVerify, { json: { response, ...(name === undefined ? {} : { name }) } }))) as PasskeyCreatedResponse;
}

/**
 * `POST /auth/passkeys/login/options`, the browser's `navigator.credentials.get`, then
 * `POST /auth/passkeys/login/verify` on `http` (the endpoint client); answers the login body and its status. When
 * the server does not know the passkey (`unknown_passkey`), the browser is told so where it
 * listens (WebAuthn's `signalUnknownCredential`), so it can stop offering it.
 */
export async function loginWithPasskey(http: KyInstance, { username, autofill = false }: PasskeyLoginOptions = {}): Promise<{ answer: unknown; status: number }> {
  const optionsJSON = (await readJsonAnswer(await http.post(ROUTES.passkeyLoginOptions, { json: username === undefined ? {} : { username } }))) as {
    challenge_id: string;
    rpId?: string;
  };
  const response = await inBrowser(() => startAuthentication({ optionsJSON: optionsJSON as never, useBrowserAutofill: autofill }));
  try {
    const verified = await http.post(ROUTES.passkeyLoginVerify, { json: { challenge_id: optionsJSON.challenge_id, response } });
    return { answer: await readJsonAnswer(verified), status: verified.status };
  } catch (error) {
    if ((error as { code?: unknown }).code === "unknown_passkey") signalUnknown(optionsJSON.rpId, response.id);
    throw error;
  }
}

function signalUnknown(rpId: string | undefined, credentialId: string): void {
  const signal = (globalThis.PublicKeyCredential as unknown as { signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void> } | undefined)
    ?.signalUnknownCredential;
  if (rpId !== undefined && signal) signal.call(globalThis.PublicKeyCredential, { rpId, credentialId }).catch(() => undefined);
}
