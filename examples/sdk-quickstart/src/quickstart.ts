import { createAuthClient, isAuthError } from "@jot/sdk";

const auth = createAuthClient({ baseUrl: process.env.JOT_URL ?? "http://localhost:3000" });
const username = process.env.JOT_USERNAME ?? "alice";
const password = "correct horse battery";

try {
  await auth.register({ username, password });
} catch (error) {
  if (!isAuthError(error) || error.code !== "username_taken") throw error; // a second run
}
await auth.login({ username, password }); // stores the token pair

const { message } = await auth.api.get("protected").json<{ message: string }>(); // Bearer attached
const { user } = await auth.me();
console.log(message, "roles:", user.roles.join(", "));

const off = auth.onChange((event) => console.log(event)); // login | refresh | logout | expired
try {
  await auth.logout(); // revokes on the server, then clears storage
} catch (error) {
  if (isAuthError(error)) console.log(error.code, error.status, error.msg);
}
off();
