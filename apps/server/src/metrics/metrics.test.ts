import { afterEach, describe, expect, test } from "bun:test";
import { createApp } from "../app.ts";
import { loadConfig } from "../config/load-config.ts";
import { refusal } from "../../test/config-refusal.ts";
import { createTestApp, registerAndLogin, TEST_PEER_ADDRESS, type TestApp } from "../../test/test-app.ts";

const opened: TestApp[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});
async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp(env);
  opened.push(t);
  return t;
}

/** The value of one sample in Prometheus text, or undefined when the scrape has no such line. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? "").split(",").filter(Boolean);
    if (wanted.length === present.length && wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return undefined;
}

async function scrape(t: TestApp, headers: Record<string, string> = {}): Promise<string> {
  const response = await t.request("/metrics", { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
  return response.text();
}

describe("GET /metrics", () => {
  test("is off unless METRICS=on: a 404 like any unknown path", async () => {
    const t = await app();
    const response = await t.request("/metrics");
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 404, body: { error: "not_found", msg: "Not found" } });
  });

  test("counts logins by outcome, refreshes by outcome, refusals by code and revocations written", async () => {
    const t = await app({ METRICS: "on", LOGIN_MAX_FAILURES: "2" });
    const before = await scrape(t);
    expect(sample(before, "jot_logins_total", { outcome: "ok" })).toBe(0);
    expect(sample(before, "jot_refreshes_total", { outcome: "grace" })).toBe(0);

    const user = await registerAndLogin(t, "metrics_alice", "metrics password");
    const wrong = { method: "POST", json: { username: "metrics_alice", password: "not the password" } };
    expect((await t.request("/auth/login", wrong)).status).toBe(401);
    expect((await t.request("/auth/login", wrong)).status).toBe(401);
    expect((await t.request("/auth/login", wrong)).status).toBe(429);

    expect((await t.request("/auth/refresh", { method: "POST", token: user.refresh })).status).toBe(200);
    expect((await t.request("/auth/refresh", { method: "POST", token: user.refresh })).status).toBe(200); // within the grace window
    t.clock.advance(11);
    expect((await t.request("/auth/refresh", { method: "POST", token: user.refresh })).status).toBe(401); // reuse: the session is revoked
    expect((await t.request("/protected")).status).toBe(401);
    expect((await t.request("/protected", { token: user.access })).status).toBe(401);

    const text = await scrape(t);
    expect({
      loginsOk: sample(text, "jot_logins_total", { outcome: "ok" }),
      loginsBad: sample(text, "jot_logins_total", { outcome: "bad_credentials" }),
      loginsThrottled: sample(text, "jot_logins_total", { outcome: "throttled" }),
      refreshesOk: sample(text, "jot_refreshes_total", { outcome: "ok" }),
      refreshesGrace: sample(text, "jot_refreshes_total", { outcome: "grace" }),
      refreshesReuse: sample(text, "jot_refreshes_total", { outcome: "reuse_detected" }),
      missingToken: sample(text, "jot_refusals_total", { code: "missing_token" }),
      revoked: sample(text, "jot_refusals_total", { code: "token_revoked" }),
      rateLimited: sample(text, "jot_refusals_total", { code: "rate_limited" }),
      sessionsRevoked: sample(text, "jot_revocations_total", { kind: "session" }),
      protectedTimed: sample(text, "jot_http_request_duration_seconds_count", { method: "GET", route: "/protected" }),
      databaseUp: sample(text, "jot_store_up", { store: "database" }),
    }).toEqual({
      loginsOk: 1,
      loginsBad: 2,
      loginsThrottled: 1,
      refreshesOk: 1,
      refreshesGrace: 1,
      refreshesReuse: 1,
      missingToken: 1,
      revoked: 2,
      rateLimited: 1,
      sessionsRevoked: 1,
      protectedTimed: 2,
      databaseUp: 1,
    });
  });

  test("a logout writes its revocations and is timed under its route, not its path", async () => {
    const t = await app({ METRICS: "on" });
    const user = await registerAndLogin(t, "metrics_bob", "metrics password");
    expect((await t.request("/auth/logout", { method: "DELETE", token: user.access })).status).toBe(200);
    const sid = JSON.parse(Buffer.from(user.access.split(".")[1]!, "base64url").toString()).sid as string;
    await t.request(`/auth/sessions/${sid}`, { method: "DELETE", token: user.access });
    await t.request("/no/such/path");
    const text = await scrape(t);
    expect(sample(text, "jot_revocations_total", { kind: "token" })).toBe(1);
    expect(sample(text, "jot_revocations_total", { kind: "session" })).toBe(1);
    expect(sample(text, "jot_http_request_duration_seconds_count", { method: "DELETE", route: "/auth/sessions/:id" })).toBe(1);
    expect(sample(text, "jot_http_request_duration_seconds_count", { method: "GET", route: "unmatched" })).toBe(1);
    expect(text).not.toContain(sid);
  });

  test("a store outage shows as store errors and the store down", async () => {
    const t = await app({ METRICS: "on" });
    await registerAndLogin(t, "metrics_carol", "metrics password");
    await t.stores.close(); // the database is gone
    const login = await t.request("/auth/login", { method: "POST", json: { username: "metrics_carol", password: "metrics password" } });
    expect(login.status).toBe(503);
    const text = await scrape(t);
    expect(sample(text, "jot_store_errors_total", { store: "database" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "jot_store_up", { store: "database" })).toBe(0);
    expect(sample(text, "jot_refusals_total", { code: "store_unavailable" })).toBe(1);
  });

  test("reports the revocation mirror's size and lag where the store tells them", async () => {
    const t = await app({ METRICS: "on" });
    const revocations = Object.assign(Object.create(t.stores.revocations), { mirrorSize: () => 7, mirrorLagSeconds: () => 0.25 });
    const mirrored = createApp(t.config, { ...t.stores, revocations, clock: t.clock, passwords: { hash: async () => "", verify: async () => false, verifyNobody: async () => false } as never, audit: () => undefined });
    const text = await (await mirrored.handle(new Request("http://localhost/metrics"))).text();
    expect(sample(text, "jot_revocation_mirror_entries")).toBe(7);
    expect(sample(text, "jot_revocation_mirror_lag_seconds")).toBe(0.25);
    expect(sample(await scrape(t), "jot_revocation_mirror_entries")).toBeUndefined();
  });

  test("with METRICS_TOKEN, a scrape needs it as a bearer token", async () => {
    const token = "metrics-token-0123456789";
    const t = await app({ METRICS: "on", METRICS_TOKEN: token });
    const missing = await t.request("/metrics");
    expect({ status: missing.status, body: await missing.json() }).toEqual({ status: 401, body: { error: "missing_token", msg: "Missing Authorization Header" } });
    const wrong = await t.request("/metrics", { headers: { authorization: "Bearer metrics-token-0123456780" } });
    expect({ status: wrong.status, body: await wrong.json() }).toEqual({ status: 401, body: { error: "invalid_token", msg: "Bad metrics token" } });
    const short = await t.request("/metrics", { headers: { authorization: "Bearer x" } });
    expect(short.status).toBe(401);
    expect(await scrape(t, { authorization: `Bearer ${token}` })).toContain("jot_logins_total");
    // The guard's reading of the header: the scheme in any case, one or more spaces, never a tab.
    expect(await scrape(t, { authorization: `bearer   ${token}` })).toContain("jot_logins_total");
    const tab = await t.request("/metrics", { headers: { authorization: `Bearer\t${token}` } });
    expect({ status: tab.status, body: await tab.json() }).toMatchObject({ status: 400, body: { error: "invalid_header" } });
  });

  test("the metrics never carry a client's address or a username", async () => {
    const t = await app({ METRICS: "on" });
    await t.request("/auth/login", { method: "POST", json: { username: "metrics_nobody", password: "whatever pw" } });
    const text = await scrape(t);
    expect(text).not.toContain("metrics_nobody");
    expect(text).not.toContain(TEST_PEER_ADDRESS);
  });
});

describe("METRICS and METRICS_TOKEN", () => {
  test("a short token, or a token without METRICS=on, stops the server naming the variable", () => {
    const base = { JWT_SECRET_KEY: "test-secret-key-of-exactly-32-by" };
    expect(() => loadConfig({ ...base, METRICS: "on", METRICS_TOKEN: "short" })).toThrow("METRICS_TOKEN: must be at least 16 characters");
    expect(() => loadConfig({ ...base, METRICS_TOKEN: "metrics-token-0123456789" })).toThrow("METRICS_TOKEN: is set, but METRICS is not on");
    expect(() => loadConfig({ ...base, METRICS: "yes" })).toThrow("METRICS: expected one of on, off");
    expect(loadConfig({ ...base, METRICS: "on" }).metrics).toEqual({ enabled: true, token: undefined });
  });

  test("in production METRICS=on without METRICS_TOKEN stops the server naming the variable: /metrics is never served to anyone", () => {
    const production = { NODE_ENV: "production", JWT_SECRET_KEY: "test-secret-key-of-exactly-32-by", AUTH_REGISTRATION: "closed" };
    expect(refusal({ ...production, METRICS: "on" })).toBe(
      "METRICS_TOKEN: is required in production with METRICS=on (at least 16 random characters), or /metrics would be served to anyone",
    );
    expect(loadConfig({ ...production, METRICS: "on", METRICS_TOKEN: "metrics-token-0123456789" }).metrics).toEqual({ enabled: true, token: "metrics-token-0123456789" });
    expect(loadConfig(production).metrics).toEqual({ enabled: false, token: undefined });
  });
});
