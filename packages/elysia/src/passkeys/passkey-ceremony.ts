import { loginCeremony } from "./login-ceremony.ts";
import type { PasskeyCeremonyOptions } from "./passkey-ceremony-options.ts";
import { registrationCeremony } from "./registration-ceremony.ts";

/**
 * The passkey ceremonies for an app's own routes: `registrationOptions` / `verifyRegistration`
 * for a signed-in user, `loginOptions` / `verifyLogin` to name the user a session is for. Refusals
 * are thrown as `PasskeyRefusal` (a `JotError`), so `jot()` answers them as JSON.
 *
 * @example
 * const passkeys = passkeyCeremony({ relyingParty: { id: "localhost", name: "app", origins: ["http://localhost:3000"] },
 *   passkeys: new MemoryPasskeyStore(), challenges: new MemoryChallengeStore() });
 * app.post("/passkeys/login/options", () => passkeys.loginOptions())
 *    .post("/passkeys/login/verify", async ({ body, createTokens }) => createTokens((await passkeys.verifyLogin(body)).userId, { fresh: true, additionalClaims: { amr: PASSKEY_AMR } }));
 */
export function passkeyCeremony(options: PasskeyCeremonyOptions) {
  if (options.relyingParty.origins.length === 0) throw new TypeError("passkeyCeremony: relyingParty.origins must name at least one origin");
  const registration = registrationCeremony(options);
  const login = loginCeremony(options);
  return {
    registrationOptions: registration.options,
    verifyRegistration: registration.verify,
    loginOptions: login.options,
    verifyLogin: login.verify,
  };
}

/** The ceremonies of one relying party. */
export type PasskeyCeremony = ReturnType<typeof passkeyCeremony>;
