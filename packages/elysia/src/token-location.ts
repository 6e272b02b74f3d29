/** Where the guard may look for a token; only the configured ones are read (S-22). */
export type TokenLocation = "headers" | "cookies" | "query_string" | "json";

/** Every place a token can be read from, in the order they are documented. */
export const TOKEN_LOCATIONS: readonly TokenLocation[] = ["headers", "cookies", "query_string", "json"];

/** Whether `name` is one of the {@link TOKEN_LOCATIONS}. */
export function isTokenLocation(name: unknown): name is TokenLocation {
  return (TOKEN_LOCATIONS as readonly unknown[]).includes(name);
}

/** Whether tokens travel in cookies: then they carry a `csrf` claim and unsafe methods need its header. */
export function cookieTransport(locations: readonly TokenLocation[]): boolean {
  return locations.includes("cookies");
}
