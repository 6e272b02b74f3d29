/** Where the guard may look for a token; only the configured ones are read (S-22). */
export type TokenLocation = "headers" | "cookies" | "query_string" | "json";

/** Every place a token can be read from, in the order they are documented. */
export const TOKEN_LOCATIONS: readonly TokenLocation[] = ["headers", "cookies", "query_string", "json"];
