/** A route as Elysia lists it. */
interface RouteEntry {
  method: string;
  path: string;
}

/**
 * Answers the methods served at a path, so that a known path asked with another method gets
 * 405 with `Allow` rather than 404. Built once from the app's routes.
 */
export function allowedMethodsFinder(routes: readonly RouteEntry[]): (path: string) => string[] {
  const patterns = routes.map((route) => ({
    method: route.method,
    pattern: new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[^/]+/g, "[^/]+")}$`),
  }));
  return (path) => [...new Set(patterns.filter((route) => route.pattern.test(path)).map((route) => route.method))];
}
