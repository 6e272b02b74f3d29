// The page's buttons: each one calls the app's routes around one WebAuthn ceremony in the browser.
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";

const element = (id: string) => document.getElementById(id)!;
const username = () => (element("username") as HTMLInputElement).value;

/** A JSON call to the app; a refusal throws its `msg`. */
async function call(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = await response.json();
  if (!response.ok) throw new Error(`${json.error}: ${json.msg}`);
  return json;
}

/** Shows the token and what `/me` answers for it. */
async function signedIn(token: string) {
  element("token").textContent = token;
  element("me").textContent = JSON.stringify(await call("GET", "/me", undefined, token), null, 2);
}

async function registerPasskey() {
  const { access_token } = await call("POST", "/signup", { username: username() });
  const options = await call("POST", "/passkeys/register/options", {}, access_token);
  const response = await startRegistration({ optionsJSON: options });
  await call("POST", "/passkeys/register/verify", { challenge_id: options.challenge_id, response }, access_token);
  await signedIn(access_token);
  return `a passkey is registered for ${username()}`;
}

async function logIn(withUsername: boolean) {
  const options = await call("POST", "/passkeys/login/options", withUsername ? { username: username() } : {});
  const response = await startAuthentication({ optionsJSON: options });
  const { access_token } = await call("POST", "/passkeys/login/verify", { challenge_id: options.challenge_id, response });
  await signedIn(access_token);
  return "signed in with a passkey";
}

/** Runs one button's action, saying in #status how it ended (`data-outcome`: ok or error). */
function onClick(id: string, action: () => Promise<string>) {
  element(id).addEventListener("click", async () => {
    const status = element("status");
    status.removeAttribute("data-outcome");
    status.textContent = "…";
    for (const shown of ["token", "me"]) element(shown).textContent = "";
    try {
      status.textContent = await action();
      status.dataset.outcome = "ok";
    } catch (error) {
      status.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      status.dataset.outcome = "error";
    }
  });
}

onClick("register", registerPasskey);
onClick("login", () => logIn(true));
onClick("login-usernameless", () => logIn(false));
