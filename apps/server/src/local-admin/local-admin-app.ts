import { allowedMethodsFinder, answerFailure, type ErrorLog } from "@jot/elysia/server";
import { Elysia } from "elysia";
import type { AdminService } from "../admin/admin-service.ts";
import { readBody } from "../http/read-body.ts";
import { adminRoute, localOperatorCaller } from "../http/routes/admin.ts";
import type { AuditLog } from "../logging/audit-log.ts";

/** What the local socket's app is built on: the server's own admin service, audit log and limits. */
export interface LocalAdminDeps {
  admin: AdminService;
  audit: AuditLog;
  logError: ErrorLog;
  maxBodyBytes: number;
  /** Whom the socket admits, as its `admin_action` events name them (`local:<user>`). */
  operator: string;
}

/**
 * The admin API alone, as the server answers it on its local socket: the same routes and service as
 * `/admin/…` on the network, with the socket itself as the credential (no token), and the same JSON
 * answers for every failure. Nothing else of the server is reachable through it.
 */
export function localAdminApp({ admin, audit, logError, maxBodyBytes, operator }: LocalAdminDeps) {
  let allowedMethods: ((path: string) => string[]) | undefined;
  const app = new Elysia({ name: "jot-local-admin" })
    .onParse(({ request }) => readBody(request, maxBodyBytes))
    .onError(({ code, error, request }) => {
      const methodsAt = (path: string) => (allowedMethods ??= allowedMethodsFinder(app.routes))(path);
      return answerFailure(code, error, request, { logError, methodsAt });
    })
    .use(adminRoute(localOperatorCaller(operator), audit, admin));
  return app;
}
