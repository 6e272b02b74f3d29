import { OptionalKind, type Static, type TObject } from "@sinclair/typebox";
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { ValueErrorType, type ValueError } from "@sinclair/typebox/errors";
import { JotError } from "@jot/elysia/server";

const compiled = new WeakMap<TObject, TypeCheck<TObject>>();

/**
 * Checks a request body against a shared schema (S-19). A missing field is `missing_parameter`
 * ("Missing username parameter"); anything else wrong is `invalid_request` naming the field and why.
 * Messages never repeat the submitted value.
 */
export function parseInput<Schema extends TObject>(schema: Schema, body: unknown): Static<Schema> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const first = Object.keys(schema.properties).find((name) => !(OptionalKind in schema.properties[name]!));
    throw body === undefined && first !== undefined
      ? new JotError("missing_parameter", `Missing ${first} parameter`)
      : new JotError("invalid_request", "Request body must be a JSON object");
  }
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  if (check.Check(body)) return body as Static<Schema>;
  throw describe(check.Errors(body).First()!);
}

function describe(error: ValueError): JotError {
  const field = error.path.split("/")[1] || "body";
  const schema = error.schema as { minLength?: number; maxLength?: number; description?: string };
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return new JotError("missing_parameter", `Missing ${field} parameter`);
    case ValueErrorType.String:
      return new JotError("invalid_request", `${field} must be a string`);
    case ValueErrorType.StringMinLength:
      return new JotError("invalid_request", `${field} must be at least ${schema.minLength} characters`);
    case ValueErrorType.StringMaxLength:
      return new JotError("invalid_request", `${field} must be at most ${schema.maxLength} characters`);
    case ValueErrorType.StringPattern:
      return new JotError("invalid_request", `${field} ${schema.description ?? "has characters that are not allowed"}`);
    // A value a schema rules out as a whole (a username shaped like a user id) says why in its description.
    case ValueErrorType.Not:
      return new JotError("invalid_request", `${field} ${schema.description ?? "is not valid"}`);
    default:
      return new JotError("invalid_request", `${field} is not valid`);
  }
}
