// Must not compile: each line marked `// error TS…` fails with that code (checked by type-errors.test.ts).
// An optional route runs without a token, so its claims, identity and user are possibly null.
import { Elysia } from "elysia";
import { jot } from "../../../src/index.ts";

interface Account {
  plan: string;
}

const auth = jot<{ tenant: string }, Account>({
  secret: "an-app-secret-of-at-least-32-bytes!",
  userLookup: () => ({ plan: "pro" }),
});

new Elysia().use(auth).get(
  "/",
  ({ claims, identity, user }) => {
    const subject: string = claims.sub; // error TS18047
    const length: number = identity.length; // error TS18047
    return `${subject} ${length} ${user.plan}`; // error TS18047
  },
  { optionalAuth: true },
);

// Elysia types an `auth` route's context whatever mode it gives, so "optional" there is refused,
// the error naming `OptionalRoutesUseOptionalAuth`; the handler then has no claims to read.
new Elysia().use(auth).get(
  "/",
  ({ claims }) => claims.sub, // error TS2339
  { auth: "optional" }, // error TS2322
);
