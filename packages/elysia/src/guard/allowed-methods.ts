/** A route as Elysia lists it. */
interface RouteEntry {
  method: string;
  path: string;
}

/**
 * Answers the methods a path can be asked with, for `Allow`: its routes' methods, `HEAD` wherever
 * `GET` is (Elysia answers HEAD from the GET route, without the body), and `OPTIONS` (a plain
 * OPTIONS is answered for every known path); none for an unknown path. Built once from the app's
 * routes.
 */
export function allowedMethodsFinder(routes: readonly RouteEntry[]): (path: string) => string[] {
  const patterns = routes.map((route) => ({
    method: route.method,
    pattern: new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[^/]+/g, "[^/]+")}$`),
  }));
  return (path) => {
    const allowed = new Set(patterns.filter((route) => route.pattern.test(path)).map((route) => route.method));
    if (allowed.size === 0) return [];
    if (allowed.has("GET")) allowed.add("HEAD");
    allowed.add("OPTIONS");
    return [...allowed];
  };
}
