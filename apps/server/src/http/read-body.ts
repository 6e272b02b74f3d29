import { isJsonRequest, JotError, mediaTypeOf } from "@jot/elysia/server";

/** A parsed request body: a JSON value, or the string fields of a form. */
export type RequestBody = unknown;

/**
 * Reads and parses a request body with a size cap (S-18), for JSON, urlencoded and multipart bodies.
 * Elysia's own parser is bypassed so that no parse or validation error can echo the body back.
 */
export async function readBody(request: Request, maxBytes: number): Promise<RequestBody> {
  const bytes = await readLimited(request, maxBytes);
  const contentType = request.headers.get("content-type") ?? "";
  if (bytes.length === 0) return undefined;
  const type = mediaTypeOf(request);
  if (isJsonRequest(request)) return parseJson(bytes);
  if (type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(decodeUtf8(bytes)));
  }
  if (type === "multipart/form-data") return parseMultipart(bytes, contentType);
  throw new JotError("invalid_request", "Unsupported content type: send application/json");
}

async function readLimited(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Counted while streaming, because a chunked body declares no length.
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): JotError {
  return new JotError("payload_too_large", `Request body is larger than ${maxBytes} bytes`);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new JotError("invalid_request", "Request body is not valid UTF-8");
  }
}

function parseJson(bytes: Uint8Array): unknown {
  const text = decodeUtf8(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new JotError("invalid_request", "Request body is not valid JSON");
  }
}

async function parseMultipart(bytes: Buffer, contentType: string): Promise<Record<string, string>> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new JotError("invalid_request", "Request body is not valid multipart/form-data");
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of form) {
    if (typeof value !== "string") throw new JotError("invalid_request", `${name} must be a text field, not a file`);
    fields[name] = value;
  }
  return fields;
}

/**
 * A body that could not be read (malformed, of another type, over the cap), in the body's place:
 * a route that must act before it refuses (a logout ends the caller's session first, S-28) throws
 * its `refusal` once it has.
 */
export class UnreadableBody {
  constructor(readonly refusal: JotError) {}
}

/** {@link readBody}, with its refusal answered as an {@link UnreadableBody} instead of thrown. */
export async function readBodyOrRefusal(request: Request, maxBytes: number): Promise<RequestBody | UnreadableBody> {
  try {
    return await readBody(request, maxBytes);
  } catch (error) {
    if (error instanceof JotError) return new UnreadableBody(error);
    throw error;
  }
}
