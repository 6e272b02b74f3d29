// Must not compile: each line marked `// error TS…` fails with that code (checked by type-errors.test.ts).
// A guarded route's context holds what the app declared, and nothing else.
import { Elysia } from "elysia";
import { jot } from "../../../src/index.ts";

const auth = jot({ secret: "an-app-secret-of-at-least-32-bytes!", additionalClaims: () => ({ tenant: "acme" }) });

new Elysia().use(auth).get(
  "/",
  ({ claims, user }) => {
    void claims.undeclared; // error TS2339
    const tenant: number = claims.tenant; // error TS2322
    // No userLookup: the user is null.
    return user.plan; // error TS18047
  },
  { auth: true },
);
