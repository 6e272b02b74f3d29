import type { ServerProcess } from "@jot/testing";
export { claimsOf, pingRedis, pollUntil, REVOKED } from "@jot/testing";

// Shared by the end-to-end tests that drive real server processes over real HTTP.

export const PASSWORD = "correct horse battery";

export interface CallInit {
  method?: string;
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
}

/** One request to a running server over real HTTP, as `curl` would send it. */
export function call(server: Pick<ServerProcess, "url">, path: string, { method = "GET", token, json, headers = {} }: CallInit = {}): Promise<Response> {
  const sent = new Headers(headers);
  if (token !== undefined) sent.set("authorization", `Bearer ${token}`);
  if (json !== undefined) sent.set("content-type", "application/json");
  return fetch(`${server.url}${path}`, { method, headers: sent, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export const newUsername = () => `e2e-${crypto.randomUUID()}`;
export const greeting = (username: string) => ({ message: `Hello, ${username}! This is a protected route.` });

/** `200` from `/protected` for `username`, as `outcome` reports it. */
export const greeted = (username: string) => ({ status: 200, body: greeting(username), challenge: null });

/** Registers `username` (201 expected) and answers it. */
export async function register(server: Pick<ServerProcess, "url">, username = newUsername()): Promise<string> {
  const response = await call(server, "/auth/register", { method: "POST", json: { username, password: PASSWORD } });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${await response.text()}`);
  return username;
}

/** Logs `username` in (200 expected) and answers the token pair. */
export async function login(server: Pick<ServerProcess, "url">, username: string): Promise<TokenPair> {
  const response = await call(server, "/auth/login", { method: "POST", json: { username, password: PASSWORD } });
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as TokenPair;
}

/** A fresh `jot-test:<uuid>:` prefix, so runs sharing one Redis never see each other's keys. */
export const newRedisPrefix = () => `jot-test:${crypto.randomUUID()}:`;

