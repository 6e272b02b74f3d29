/** The media type a request declares for its body, lower-cased and without parameters (`""` when none). */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";", 1)[0]!.trim().toLowerCase();
}

/** Whether a request declares a JSON body: `application/json`, or any `+json` type. */
export function isJsonRequest(request: Request): boolean {
  const type = mediaTypeOf(request);
  return type === "application/json" || type.endsWith("+json");
}
