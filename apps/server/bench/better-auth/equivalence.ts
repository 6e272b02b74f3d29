import { checkCredential, getWithBearer } from "../check-credentials.ts";
import { BETTER_AUTH_PASSWORD, type BetterAuthUsers, type Credential } from "./users.ts";

/** The shape of a JSON value: its keys, nested, with the values left out. */
function shapeOf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return typeof value;
  if (Array.isArray(value)) return value.map(shapeOf);
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]));
}

/** What better-auth answers one user's credentials: each route's status and the shape of its body. */
async function behaviourOf(url: string, user: Credential): Promise<string> {
  await checkCredential(`better-auth session (${user.email})`, `${url}/protected`, user.session);
  await checkCredential(`better-auth JWT (${user.email})`, `${url}/protected-jwt`, user.jwt);
  const session = await getWithBearer(`${url}/api/auth/get-session`, user.session);
  const parsed = JSON.parse(session.body) as { user?: { email?: string } } | null;
  if (parsed?.user?.email !== user.email) throw new Error(`better-auth get-session for ${user.email} answered ${session.status} ${session.body}`);
  const token = await getWithBearer(`${url}/api/auth/token`, user.session);
  const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: user.email, password: BETTER_AUTH_PASSWORD }),
  });
  const signInBody = await signIn.json();
  const newSession = signIn.headers.get("set-auth-token") ?? "";
  const afterSignIn = await getWithBearer(`${url}/protected`, newSession);
  if ([token.status, signIn.status, afterSignIn.status].some((status) => status !== 200)) {
    throw new Error(`better-auth for ${user.email}: token ${token.status}, sign-in ${signIn.status}, its new session ${afterSignIn.status}`);
  }
  return JSON.stringify({
    session: [session.status, shapeOf(parsed)],
    token: [token.status, shapeOf(JSON.parse(token.body))],
    signIn: [signIn.status, shapeOf(signInBody)],
    afterSignIn: afterSignIn.status,
  });
}

/**
 * Checks the users written straight into its tables behave exactly as the signed-up ones: the
 * session and JWT routes accept theirs and refuse them tampered, and get-session, token and
 * sign-in answer the same statuses and bodies of the same shape. Throws where they differ.
 */
export async function checkWrittenUsersBehaveAlike(url: string, users: BetterAuthUsers): Promise<void> {
  const signedUp = await behaviourOf(url, users.samples.signedUp);
  if (!users.samples.inserted) return;
  const inserted = await behaviourOf(url, users.samples.inserted);
  if (signedUp !== inserted) throw new Error(`a written better-auth user behaves unlike a signed-up one:\n${signedUp}\n${inserted}`);
}
