// The demo page: register, log in, call /protected, show the decoded claims and the time the access
// token has left, log out. Uses only @jot/sdk's public API. The jot server's URL comes from the
// page's <meta name="jot-url">, filled in by the demo server.
//
// Passkeys: "Add a passkey" registers one for the signed-in user (right after a password login: it
// needs a fresh token); "Log in with a passkey" offers the username's passkeys, or with no username
// every passkey the browser has for the site. They work on http://localhost:<port>, not on an IP
// address, which browsers refuse as a passkey's site.
//
// `?autoRefresh=off` turns the SDK's background refresh timer off, so an expired access token is
// renewed only when a call is answered `token_expired` (what the browser test exercises).
// An account with a second factor on: the login shows the code form, and the code finishes it.
// `?transport=cookies` uses the SDK's cookie transport (for a jot with JWT_TOKEN_LOCATION=cookies):
// the tokens stay in HttpOnly cookies and the page never holds one.
import { createAuthClient, isAuthError, localStorageStorage, type AuthSession, type ProtectedResponse } from "@jot/sdk";

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
};

const ui = {
  status: byId<HTMLParagraphElement>("status"),
  timeLeft: byId<HTMLElement>("time-left"),
  form: byId<HTMLFormElement>("credentials"),
  username: byId<HTMLInputElement>("username"),
  password: byId<HTMLInputElement>("password"),
  register: byId<HTMLButtonElement>("register"),
  login: byId<HTMLButtonElement>("login"),
  passkeyLogin: byId<HTMLButtonElement>("passkey-login"),
  passkeyRegister: byId<HTMLButtonElement>("passkey-register"),
  mfa: byId<HTMLFormElement>("mfa"),
  mfaCode: byId<HTMLInputElement>("mfa-code"),
  verify: byId<HTMLButtonElement>("verify"),
  callProtected: byId<HTMLButtonElement>("call-protected"),
  refresh: byId<HTMLButtonElement>("refresh"),
  logout: byId<HTMLButtonElement>("logout"),
  message: byId<HTMLParagraphElement>("message"),
  protectedResult: byId<HTMLParagraphElement>("protected-result"),
  claims: byId<HTMLPreElement>("claims"),
  events: byId<HTMLOListElement>("events"),
};

const jotUrl = document.querySelector<HTMLMetaElement>('meta[name="jot-url"]')?.content ?? "";
const autoRefresh = new URLSearchParams(location.search).get("autoRefresh") !== "off";

const transport = new URLSearchParams(location.search).get("transport") === "cookies" ? "cookies" : "bearer";

const auth = createAuthClient({ baseUrl: jotUrl, storage: localStorageStorage(), autoRefresh, transport });

function say(text: string, kind: "info" | "error" = "info"): void {
  ui.message.textContent = text;
  ui.message.dataset.kind = kind;
}

function describeFailure(error: unknown): string {
  if (isAuthError(error)) return `${error.code} (${error.status}): ${error.msg}`;
  return error instanceof Error ? error.message : String(error);
}

function renderSession(session: AuthSession | null): void {
  const signedIn = session !== null;
  ui.status.textContent = signedIn ? `Signed in as ${session.claims.username}` : "Signed out";
  ui.status.dataset.signedIn = String(signedIn);
  ui.claims.textContent = JSON.stringify(session?.claims ?? null, null, 2);
  ui.register.disabled = signedIn;
  ui.login.disabled = signedIn;
  ui.passkeyLogin.disabled = signedIn;
  ui.passkeyRegister.disabled = !signedIn;
  ui.verify.disabled = signedIn;
  if (signedIn) ui.mfa.hidden = true;
  ui.callProtected.disabled = !signedIn;
  ui.refresh.disabled = !signedIn;
  ui.logout.disabled = !signedIn;
  renderTimeLeft();
}

function renderTimeLeft(): void {
  const session = auth.session;
  if (session === null) {
    ui.timeLeft.textContent = "—";
    ui.timeLeft.dataset.state = "none";
    return;
  }
  const leftMs = session.expires_at * 1000 - Date.now();
  ui.timeLeft.textContent = leftMs > 0 ? `${(leftMs / 1000).toFixed(1)} s` : "expired";
  ui.timeLeft.dataset.state = leftMs > 0 ? "valid" : "expired";
}

function logEvent(name: string): void {
  const item = document.createElement("li");
  item.textContent = `${new Date().toLocaleTimeString()} ${name}`;
  item.dataset.event = name;
  ui.events.append(item);
}

/** Runs a button's action with the buttons disabled meanwhile, reporting any failure. */
function action(button: HTMLButtonElement, run: () => Promise<void>): void {
  button.addEventListener("click", (event) => {
    event.preventDefault();
    button.disabled = true;
    run()
      .catch((error: unknown) => say(describeFailure(error), "error"))
      .finally(() => renderSession(auth.session));
  });
}

const credentials = () => ({ username: ui.username.value, password: ui.password.value });

action(ui.register, async () => {
  const created = await auth.register(credentials());
  say(`Registered ${created.username}; now log in.`);
});

action(ui.login, async () => {
  const signedIn = await auth.login(credentials());
  ui.password.value = "";
  if ("mfa_required" in signedIn) {
    ui.mfa.hidden = false;
    ui.mfaCode.focus();
    say("Enter the code your authenticator app shows.");
    return;
  }
  say(`Welcome, ${signedIn.claims.username}.`);
});

action(ui.verify, async () => {
  const session = await auth.verifyMfa({ code: ui.mfaCode.value.trim() });
  ui.mfaCode.value = "";
  ui.mfa.hidden = true;
  say(`Welcome, ${session.claims.username}.`);
});

action(ui.passkeyLogin, async () => {
  const username = ui.username.value.trim();
  const session = await auth.loginWithPasskey(username === "" ? {} : { username });
  say(`Welcome, ${session.claims.username} (passkey).`);
});

action(ui.passkeyRegister, async () => {
  const added = await auth.registerPasskey({ name: "Demo passkey" });
  say(`Passkey added: ${added.name}.`);
});

let calls = 0;
action(ui.callProtected, async () => {
  calls += 1;
  ui.protectedResult.dataset.calls = String(calls);
  try {
    const { message } = await auth.api.get("protected").json<ProtectedResponse>();
    ui.protectedResult.textContent = message;
    ui.protectedResult.dataset.outcome = "ok";
  } catch (error) {
    ui.protectedResult.textContent = describeFailure(error);
    ui.protectedResult.dataset.outcome = "error";
  }
  ui.protectedResult.dataset.done = String(calls);
});

action(ui.refresh, async () => {
  await auth.refresh();
  say("Session renewed.");
});

action(ui.logout, async () => {
  await auth.logout();
  say("Signed out.");
});

// Every change, this tab's and other tabs', lands here.
auth.onChange((event, session) => {
  logEvent(event);
  renderSession(session);
  if (event === "expired") say("The session ended on the server; log in again.", "error");
});

setInterval(renderTimeLeft, 200);

void auth.ready.then((session) => {
  renderSession(session);
  document.body.dataset.ready = "true";
});
