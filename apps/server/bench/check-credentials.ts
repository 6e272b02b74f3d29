/**
 * Before any timing, each server measured must refuse a tampered credential (401) and accept a
 * minted one (200): a server that answered everything alike would measure nothing.
 */

/** The credential with one character in its middle changed (for a JWT, its payload; for a signed session token, its signature). */
export function tamper(credential: string): string {
  const middle = Math.floor(credential.length / 2);
  const changed = credential[middle] === "A" ? "B" : "A";
  return `${credential.slice(0, middle)}${changed}${credential.slice(middle + 1)}`;
}

/** GET `url` with `Bearer credential`: its status and body. */
export async function getWithBearer(url: string, credential: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${credential}` } });
  return { status: response.status, body: await response.text() };
}

/** Throws unless `url` answers `credential` 200 and its tampered copy 401. */
export async function checkCredential(label: string, url: string, credential: string): Promise<void> {
  const accepted = await getWithBearer(url, credential);
  if (accepted.status !== 200) throw new Error(`${label}: a minted credential was answered ${accepted.status} ${accepted.body}`);
  const refused = await getWithBearer(url, tamper(credential));
  if (refused.status !== 401) throw new Error(`${label}: a tampered credential was answered ${refused.status} ${refused.body}`);
}
