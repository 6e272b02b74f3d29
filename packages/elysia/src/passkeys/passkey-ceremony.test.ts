import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { manualClock, outcome } from "@jot/testing";
// Only the package's public exports: what an app of its own uses. The ceremonies' success with a
// real authenticator is proven in Chromium by the server's suite, which is built on these calls.
import { jot, MemoryChallengeStore, MemoryPasskeyStore, PASSKEY_ALGORITHMS, passkeyCeremony, PasskeyRefusal } from "../index.ts";

const relyingParty = { id: "app.example", name: "App", origins: ["https://app.example"] };
const unsigned = { id: "AAAA", rawId: "AAAA", type: "public-key" as const, response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} };

function appWithPasskeys() {
  const clock = manualClock();
  const passkeys = new MemoryPasskeyStore();
  const ceremony = passkeyCeremony({ relyingParty, passkeys, challenges: new MemoryChallengeStore(), clock });
  const auth = jot({ secret: "an-app-secret-of-at-least-32-bytes!", clock });
  const app = new Elysia()
    .use(auth)
    .post("/passkeys/login/options", () => ceremony.loginOptions())
    .post("/passkeys/login/verify", async ({ body }) => ({ user: (await ceremony.verifyLogin(body as never)).userId }));
  return { app, ceremony, passkeys, clock };
}

const post = (app: { handle(request: Request): Promise<Response> }, path: string, json: unknown) =>
  app.handle(new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json) }));

describe("passkeyCeremony in an app's own routes", () => {
  test("registration options come from the relying party, pin the algorithms and exclude the user's passkeys", async () => {
    const { ceremony, passkeys, clock } = appWithPasskeys();
    await passkeys.add({ id: "OLD", userId: "u1", name: "Old", publicKey: new Uint8Array([1]), counter: 0, transports: ["usb"], deviceType: "singleDevice", backedUp: false, createdAt: clock(), lastUsedAt: null, flaggedAt: null });
    const options = await ceremony.registrationOptions({ id: "u1", username: "ada" });
    expect(options).toMatchObject({
      rp: { id: "app.example", name: "App" },
      user: { name: "ada", id: Buffer.from("u1").toString("base64url") },
      attestation: "none",
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
      excludeCredentials: [{ id: "OLD", type: "public-key", transports: ["usb"] }],
      challenge_id: options.challenge,
    });
    expect(options.pubKeyCredParams.map(({ alg }) => alg)).toEqual([...PASSKEY_ALGORITHMS]);
    expect(PASSKEY_ALGORITHMS).toEqual([-7, -8, -257]);
  });

  test("a refusal is a PasskeyRefusal, which jot() answers as its JSON error", async () => {
    const { app, ceremony } = appWithPasskeys();
    const refused = await ceremony.verifyLogin({ challenge_id: "nope", response: unsigned as never }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PasskeyRefusal);
    expect(refused).toMatchObject({ refusal: "challenge", ceremony: "login", code: "bad_credentials" });

    const options = (await (await post(app, "/passkeys/login/options", {})).json()) as { challenge_id: string };
    expect(await outcome(await post(app, "/passkeys/login/verify", { challenge_id: options.challenge_id, response: unsigned }))).toMatchObject({
      status: 401,
      body: { error: "unknown_passkey", msg: "Unknown passkey" },
    });
    // The challenge went with that answer: the same one again is refused for it.
    expect(await outcome(await post(app, "/passkeys/login/verify", { challenge_id: options.challenge_id, response: unsigned }))).toMatchObject({
      status: 401,
      body: { error: "bad_credentials", msg: "The passkey challenge is unknown, used or expired" },
    });
  });

  test("a relying party without an origin is a caller's mistake, told when the ceremony is built", () => {
    expect(() => passkeyCeremony({ relyingParty: { ...relyingParty, origins: [] }, passkeys: new MemoryPasskeyStore(), challenges: new MemoryChallengeStore() })).toThrow(
      new TypeError("passkeyCeremony: relyingParty.origins must name at least one origin"),
    );
  });
});
