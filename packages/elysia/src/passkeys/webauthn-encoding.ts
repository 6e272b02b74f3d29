/** The WebAuthn user handle of a user: their id's UTF-8 bytes (never the username, which may change and identifies them). */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(userId);
}

/** The user id a response's base64url user handle names, or `undefined` when it names none readable. */
export function userIdOfHandle(handle: string | undefined): string | undefined {
  if (handle === undefined || handle === "") return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(handle, "base64url"));
  } catch {
    return undefined;
  }
}

/**
 * The challenge a response's client data names, to find the challenge it answers; only a lookup
 * key: the ceremony then verifies the response against the challenge found.
 */
export function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string | undefined {
  const encoded = response.response?.clientDataJSON;
  if (typeof encoded !== "string" || encoded.length > 4096) return undefined;
  try {
    const challenge = (JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as { challenge?: unknown }).challenge;
    return typeof challenge === "string" ? challenge : undefined;
  } catch {
    return undefined;
  }
}
