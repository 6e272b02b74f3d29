/**
 * `@jot/stores/conformance`: the behaviour every store of a kind must have, as `bun:test` suites,
 * for a store written elsewhere (an app's own, or the server's on another engine).
 *
 * @packageDocumentation
 */

export { revocationStoreConformance } from "./revocation/revocation-store.conformance.ts";
export { sessionStoreConformance } from "./sessions/session-store.conformance.ts";
export { challengeStoreConformance, passkeyStoreConformance } from "./passkeys/passkey-store.conformance.ts";
