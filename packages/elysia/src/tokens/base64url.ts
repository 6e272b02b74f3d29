const BASE64URL = /^[A-Za-z0-9_-]+$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Whether `segment` is non-empty unpadded base64url with nothing else in it (S-1). */
export function isBase64UrlSegment(segment: string): boolean {
  return hasBase64UrlLength(segment) && BASE64URL.test(segment);
}

/** Whether some byte string encodes to this many unpadded base64url characters: any length but 4n+1. */
export function hasBase64UrlLength(segment: string): boolean {
  return segment.length % 4 !== 1;
}

/**
 * Whether `segment` is the one canonical base64url spelling of its bytes: Node's and Bun's decoders
 * also take padding, `+`/`/`, stray characters and non-zero trailing bits (S-10).
 */
export function isCanonicalBase64Url(segment: string): boolean {
  return Buffer.from(segment, "base64url").toString("base64url") === segment;
}

/** base64url of a string's UTF-8 bytes, unpadded. */
export function encodeBase64Url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** Bytes of the segment being decoded: reused, since decoding never waits (no allocation per token). */
let scratch = Buffer.allocUnsafe(8192);
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Decodes a segment already checked by {@link isBase64UrlSegment} to a JSON object,
 * or answers `undefined` when its bytes are not UTF-8, not JSON, or not an object.
 * ASCII bytes (every token jot issues) are their own UTF-8 text; anything else is decoded strictly.
 */
export function decodeJsonObjectSegment(segment: string): Record<string, unknown> | undefined {
  if (segment.length > scratch.length) scratch = Buffer.allocUnsafe(segment.length);
  let value: unknown;
  try {
    const length = scratch.write(segment, 0, "base64url");
    const text = scratch.toString("latin1", 0, length);
    value = JSON.parse(NON_ASCII.test(text) ? strictUtf8.decode(scratch.subarray(0, length)) : text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}
