import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { claimsOf } from "@jot/testing";
import { jot, JotError, type JotOptions } from "../index.ts";

// Two jot() instances in one app, with their routes in sub-apps as apps write them: each
// instance's handlers issue with that instance's key and hooks, and each instance's error hook
// shapes its own routes' refusals, whatever the other instance and the order they are used in.

const FIRST_SECRET = "an-app-secret-of-at-least-32-bytes!";
const SECOND_SECRET = "a-second-secret-of-at-least-32-bytes";

type Name = "a" | "b";
interface Realm {
  realm: Name;
}

/** An instance whose error hook signs its answers, so a test sees whose hook shaped a refusal. */
function instance(name: Name, secret: string, hooks: Partial<JotOptions<Realm, { name: string }>> = {}) {
  return jot<Realm, { name: string }>({
    secret,
    additionalClaims: () => ({ realm: name }),
    onError: ({ error, response }) => Response.json({ error: error.code, shapedBy: name }, { status: response.status }),
    ...hooks,
  });
}

/** An instance's routes in a sub-app of their own: a login granting `admin`, and an admin route. */
function routesOf(name: Name, auth: ReturnType<typeof instance>) {
  return new Elysia()
    .use(auth)
    .post(`/${name}/login`, async ({ createAccessToken }) => ({ access_token: await createAccessToken(`${name}-user`, { roles: ["admin"] }) }))
    .get(`/${name}/admin`, ({ identity, claims }) => ({ identity, realm: claims.realm }), { auth: { roles: ["admin"] } })
    .get(`/${name}/teapot`, () => {
      throw new JotError("not_found", "No such teapot");
    });
}

/** One app mounting both sub-apps, in the order given. */
function appOf(order: readonly Name[], instances: Record<Name, ReturnType<typeof instance>>) {
  const app = new Elysia();
  for (const name of order) app.use(routesOf(name, instances[name]));
  const request = (path: string, init: RequestInit = {}) => app.handle(new Request(`http://localhost${path}`, init));
  const login = async (name: Name) => ((await (await request(`/${name}/login`, { method: "POST" })).json()) as { access_token: string }).access_token;
  const admin = async (name: Name, token?: string) => {
    const response = await request(`/${name}/admin`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.json() };
  };
  return { request, login, admin };
}

const ORDERS: ReadonlyArray<readonly Name[]> = [["a", "b"], ["b", "a"]];

describe("two instances with different keys", () => {
  for (const order of ORDERS) {
    test(`used ${order.join(" then ")}: each login issues with its own key, and the other's guard refuses its tokens`, async () => {
      const instances = { a: instance("a", FIRST_SECRET), b: instance("b", SECOND_SECRET) };
      const app = appOf(order, instances);
      const fromA = await app.login("a");
      const fromB = await app.login("b");
      // Signed by the instance whose login minted them, with that instance's additional claims.
      await expect(instances.a.authenticate(fromA)).resolves.toMatchObject({ sub: "a-user", realm: "a" });
      await expect(instances.b.authenticate(fromB)).resolves.toMatchObject({ sub: "b-user", realm: "b" });
      expect(await app.admin("a", fromA)).toEqual({ status: 200, body: { identity: "a-user", realm: "a" } });
      expect(await app.admin("b", fromB)).toEqual({ status: 200, body: { identity: "b-user", realm: "b" } });
      // Roles and all, a token of one instance is no token at the other.
      expect(await app.admin("a", fromB)).toEqual({ status: 401, body: { error: "invalid_token", shapedBy: "a" } });
      expect(await app.admin("b", fromA)).toEqual({ status: 401, body: { error: "invalid_token", shapedBy: "b" } });
    });

    test(`used ${order.join(" then ")}: each error hook shapes its own routes' refusals only`, async () => {
      const app = appOf(order, { a: instance("a", FIRST_SECRET), b: instance("b", SECOND_SECRET) });
      expect(await app.admin("a")).toEqual({ status: 401, body: { error: "missing_token", shapedBy: "a" } });
      expect(await app.admin("b")).toEqual({ status: 401, body: { error: "missing_token", shapedBy: "b" } });
      // A refusal the app's handler throws belongs to the route's instance too.
      for (const name of ["a", "b"] as const) {
        const teapot = await app.request(`/${name}/teapot`);
        expect({ status: teapot.status, body: await teapot.json() }).toEqual({ status: 404, body: { error: "not_found", shapedBy: name } });
      }
    });
  }
});

describe("two instances with the same key and different hooks", () => {
  for (const order of ORDERS) {
    test(`used ${order.join(" then ")}: each keeps its own hooks and its own error hook`, async () => {
      const users = { a: new Set(["a-user"]), b: new Set(["b-user"]) };
      const withUsers = (name: Name) => instance(name, FIRST_SECRET, { userLookup: (claims) => (users[name].has(claims.sub) ? { name: claims.sub } : null) });
      const app = appOf(order, { a: withUsers("a"), b: withUsers("b") });
      const fromA = await app.login("a");
      const fromB = await app.login("b");
      expect(claimsOf(fromA)).toMatchObject({ sub: "a-user", realm: "a" });
      expect(claimsOf(fromB)).toMatchObject({ sub: "b-user", realm: "b" });
      expect(await app.admin("a", fromA)).toEqual({ status: 200, body: { identity: "a-user", realm: "a" } });
      expect(await app.admin("b", fromB)).toEqual({ status: 200, body: { identity: "b-user", realm: "b" } });
      // Same key: the signature is good everywhere, but each instance's own user lookup decides.
      expect(await app.admin("a", fromB)).toEqual({ status: 401, body: { error: "user_not_found", shapedBy: "a" } });
      expect(await app.admin("b", fromA)).toEqual({ status: 401, body: { error: "user_not_found", shapedBy: "b" } });
      expect(await app.admin("b")).toEqual({ status: 401, body: { error: "missing_token", shapedBy: "b" } });
    });
  }
});

test("one app using two instances in turn: a route gets the last instance used before it", async () => {
  const a = instance("a", FIRST_SECRET);
  const b = instance("b", SECOND_SECRET);
  const app = new Elysia()
    .use(a)
    .post("/a/login", ({ createAccessToken }) => createAccessToken("a-user"))
    .use(b)
    .post("/b/login", ({ createAccessToken }) => createAccessToken("b-user"))
    .get("/b/me", ({ identity }) => identity, { auth: true });
  const request = (path: string, init: RequestInit = {}) => app.handle(new Request(`http://localhost${path}`, init));
  const fromA = await (await request("/a/login", { method: "POST" })).text();
  const fromB = await (await request("/b/login", { method: "POST" })).text();
  await expect(a.authenticate(fromA)).resolves.toMatchObject({ realm: "a" });
  await expect(b.authenticate(fromB)).resolves.toMatchObject({ realm: "b" });
  expect(await (await request("/b/me", { headers: { authorization: `Bearer ${fromB}` } })).text()).toBe("b-user");
  const refused = await request("/b/me", { headers: { authorization: `Bearer ${fromA}` } });
  expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 401, body: { error: "invalid_token", shapedBy: "b" } });
});

test("one instance used in several sub-apps is set up once: its error hook runs once per refusal", async () => {
  let shaped = 0;
  const auth = jot({ secret: FIRST_SECRET, onError: () => void shaped++ });
  const app = new Elysia()
    .use(new Elysia().use(auth).get("/x", () => "x", { auth: true }))
    .use(new Elysia().use(auth).get("/y", () => "y", { auth: true }));
  for (const path of ["/x", "/y"]) expect((await app.handle(new Request(`http://localhost${path}`))).status).toBe(401);
  expect(shaped).toBe(2);
});
