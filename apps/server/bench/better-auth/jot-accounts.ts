/** jot's side of the better-auth rows: accounts, logins and refresh tokens through its HTTP API. */
export const JOT_PASSWORD = "bench password 1";

/**
 * The login and registration limits would measure throttling of one loopback address instead of
 * the work, and the session cap would end sessions a run still uses; better-auth's rate limiter is
 * off alike.
 */
export const JOT_UNLIMITED = {
  LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
  LOGIN_MAX_FAILURES_PER_NETWORK: "1000000",
  LOGIN_MAX_FAILURES_PER_SITE: "1000000",
  LOGIN_MAX_PER_ADDRESS: "1000000",
  LOGIN_MAX_PER_ACCOUNT: "1000000",
  REGISTER_MAX_PER_ADDRESS: "1000000",
  JWT_MAX_SESSIONS: "10000",
};

export const postJson = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

/** Registers `count` accounts named `${prefix}${index}`; answers their login bodies. */
export async function registerJotAccounts(url: string, prefix: string, count: number): Promise<Array<{ username: string; password: string }>> {
  const accounts = Array.from({ length: count }, (_, index) => ({ username: `${prefix}${index}`, password: JOT_PASSWORD }));
  for (const account of accounts) {
    const answer = await postJson(`${url}/auth/register`, account);
    if (answer.status !== 201) throw new Error(`jot register answered ${answer.status} ${await answer.text()}`);
  }
  return accounts;
}

/** Logs `account` in `count` times: answers the refresh token of each new session. */
export async function jotRefreshTokens(url: string, account: { username: string; password: string }, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let index = 0; index < count; index++) {
    const answer = await postJson(`${url}/auth/login`, account);
    if (answer.status !== 200) throw new Error(`jot login answered ${answer.status} ${await answer.text()}`);
    tokens.push(((await answer.json()) as { refresh_token: string }).refresh_token);
  }
  return tokens;
}
