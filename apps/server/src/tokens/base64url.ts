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

/** base64url of a string's UTF-8 bytes, unpadded. */
export function encodeBase64Url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/**
 * Decodes a segment already checked by {@link isBase64UrlSegment} to a JSON object,
 * or answers `undefined` when its bytes are not UTF-8, not JSON, or not an object.
 */
export function decodeJsonObjectSegment(segment: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(Buffer.from(segment, "base64url")));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}
