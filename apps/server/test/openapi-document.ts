import Ajv2020 from "ajv/dist/2020.js";
import { OPENAPI_PATHS } from "../src/openapi/openapi-docs.ts";
import type { TestApp } from "./test-app.ts";

type Schema = Record<string, unknown>;

/** One operation of an OpenAPI document, as far as the tests read it. */
export interface DocumentedOperation {
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema: Schema }[];
  requestBody?: { required?: boolean; description?: string; content: Record<string, { schema: Schema; encoding?: Record<string, { contentType: string }> }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: Record<string, string[]>[];
}

/** An OpenAPI document, as far as the tests read it. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, DocumentedOperation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
}

/** The document an app serves. */
export async function documentOf(t: TestApp): Promise<OpenApiDocument> {
  const response = await t.request(OPENAPI_PATHS.document);
  if (response.status !== 200) throw new Error(`${OPENAPI_PATHS.document} answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

/** `/admin/users/:user` as the document writes it: `/admin/users/{user}`. */
export const documentedPath = (path: string) => path.replace(/:([^/]+)/g, "{$1}");

const ajv = new Ajv2020({ strict: false, allErrors: true });
const compiled = new WeakMap<Schema, ReturnType<typeof ajv.compile>>();

/**
 * What is wrong with an answer by the document: its status is not documented for the operation,
 * or its JSON body does not fit the documented schema (an error code outside the enum, a field
 * missing). `undefined` when it fits.
 */
export function misfit(doc: OpenApiDocument, method: string, path: string, status: number, body: unknown): string | undefined {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (operation === undefined) return `${method} ${path} is not documented`;
  const response = operation.responses[String(status)];
  if (response === undefined) return `${method} ${path} answered ${status}, which is not documented (${JSON.stringify(body)})`;
  const schema = response.content?.["application/json"]?.schema;
  if (schema === undefined) return undefined;
  let check = compiled.get(schema);
  if (check === undefined) {
    check = ajv.compile(schema);
    compiled.set(schema, check);
  }
  return check(body) ? undefined : `${method} ${path} ${status}: ${ajv.errorsText(check.errors)} in ${JSON.stringify(body)}`;
}
