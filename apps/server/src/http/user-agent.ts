/** Longest user agent kept with a session. */
const MAX_USER_AGENT = 256;

/** The request's user agent, shortened, for the sessions list; `null` when none was sent. */
export function userAgentOf(request: Request): string | null {
  const value = request.headers.get("user-agent");
  return value === null || value === "" ? null : value.slice(0, MAX_USER_AGENT);
}
