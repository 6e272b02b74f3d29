import { Elysia } from "elysia";
import type { ParameterDoc } from "./route-docs.ts";

/** A route as Elysia lists it: enough to find its documented parameters. */
export interface ListedRoute {
  method: string;
  path: string;
  hooks?: unknown;
}

type Operation = { parameters?: ParameterDoc[] } & Record<string, unknown>;
type Document = { paths: Record<string, Record<string, Operation>> } & Record<string, unknown>;

/**
 * Serves the document with each route's own parameters (`detail.parameters`) in it. The OpenAPI
 * plugin writes a path's parameters itself, as plain strings, over those a route documents, and
 * lists query parameters only from a `query` hook; jot's routes check their input themselves,
 * after the guard, so a `params` or `query` hook (which Elysia would validate, before the guard)
 * is never given, and their parameters are put back here.
 */
export function routeParameters(documentPath: string, routes: () => readonly ListedRoute[]) {
  return new Elysia().onAfterHandle(({ path, response }) => (path === documentPath ? withRouteParameters(response as Document, routes()) : undefined));
}

/** The document, each operation's parameters replaced or joined by those its route documents. */
export function withRouteParameters(document: Document, routes: readonly ListedRoute[]): Document {
  const paths = { ...document.paths };
  for (const route of routes) {
    const own = documentedParameters(route);
    const path = route.path.replace(/:([^/]+)/g, "{$1}");
    const method = route.method.toLowerCase();
    const operation = paths[path]?.[method];
    if (own.length === 0 || operation === undefined) continue;
    const same = (a: ParameterDoc, b: ParameterDoc) => a.name === b.name && a.in === b.in;
    const generated = operation.parameters ?? [];
    const parameters = [...generated.map((given) => own.find((mine) => same(mine, given)) ?? given), ...own.filter((mine) => !generated.some((given) => same(mine, given)))];
    paths[path] = { ...paths[path], [method]: { ...operation, parameters } };
  }
  return { ...document, paths };
}

function documentedParameters(route: ListedRoute): ParameterDoc[] {
  const detail = (route.hooks as { detail?: { parameters?: ParameterDoc[] } } | undefined)?.detail;
  return detail?.parameters ?? [];
}
