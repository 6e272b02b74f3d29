import { afterAll, beforeAll, expect, test } from "bun:test";
import { describeWith, oathtoolCode, oathtoolService } from "@jot/testing";
import { documentOf, misfit, type OpenApiDocument } from "../../test/openapi-document.ts";
import { STEP_SECONDS } from "../../test/mfa-helpers.ts";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await createTestApp();
  doc = await documentOf(t);
});
afterAll(() => t.close());

/** Sends the request and checks the answer against the document; answers status and body. */
async function sendAndCheck(method: string, path: string, init: Parameters<TestApp["request"]>[1] = {}) {
  const response = await t.request(path, { method, ...init });
  const body = (await response.json()) as Record<string, unknown>;
  const wrong = misfit(doc, method, path, response.status, body);
  if (wrong !== undefined) throw new Error(wrong);
  return { status: response.status, body };
}

describeWith(oathtoolService, "the second factor's routes in the OpenAPI document", () => {
  test("document their request bodies from the shared schemas", () => {
    const schemaOf = (path: string, method: string) => doc.paths[path]![method]!.requestBody!.content["application/json"]!.schema;
    expect(schemaOf("/auth/mfa/verify", "post")).toMatchObject({ required: ["mfa_token"], properties: { mfa_token: { type: "string" }, code: { pattern: "^[0-9]{6}$" }, recovery_code: { type: "string" } } });
    expect(schemaOf("/auth/mfa/totp/confirm", "post")).toMatchObject({ required: ["code"] });
    expect(schemaOf("/auth/mfa/totp", "delete")).toMatchObject({ properties: { code: { pattern: "^[0-9]{6}$" }, recovery_code: { type: "string" } } });
    expect(doc.paths["/auth/mfa/totp"]!.post!.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
  });

  test("every answer of enrolment, confirmation, the mfa_required login, verification and turning off fits the document, refusals too", async () => {
    const user = await registerAndLogin(t);
    const enrolled = await sendAndCheck("POST", "/auth/mfa/totp", { token: user.access });
    const secret = enrolled.body.secret as string;
    expect((await sendAndCheck("POST", "/auth/mfa/totp/confirm", { token: user.access, json: { code: "12345" } })).status).toBe(400);
    expect((await sendAndCheck("POST", "/auth/mfa/totp/confirm", { token: user.access, json: { code: oathtoolCode(secret, t.clock()) } })).status).toBe(200);
    t.clock.advance(STEP_SECONDS);
    const login = await sendAndCheck("POST", "/auth/login", { json: { username: user.username, password: user.password } });
    expect(login.body.mfa_required).toBe(true);
    const wrong = oathtoolCode(secret, t.clock()) === "000000" ? "111111" : "000000";
    expect((await sendAndCheck("POST", "/auth/mfa/verify", { json: { mfa_token: login.body.mfa_token, code: wrong } })).status).toBe(401);
    const verified = await sendAndCheck("POST", "/auth/mfa/verify", { json: { mfa_token: login.body.mfa_token, code: oathtoolCode(secret, t.clock()) } });
    expect(verified.status).toBe(200);
    const fresh = verified.body.access_token as string;
    expect((await sendAndCheck("DELETE", "/auth/mfa/totp", { token: fresh, json: {} })).status).toBe(400);
    expect((await sendAndCheck("DELETE", "/auth/mfa/totp", { token: user.refresh, json: { code: wrong } })).status).toBe(401);
    t.clock.advance(STEP_SECONDS);
    expect((await sendAndCheck("DELETE", "/auth/mfa/totp", { token: fresh, json: { code: oathtoolCode(secret, t.clock()) } })).status).toBe(200);
  });
});
