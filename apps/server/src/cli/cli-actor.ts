import { userInfo } from "node:os";

/**
 * Who a change the admin command makes on the database is recorded as, in the `actor_id` of its
 * `admin_action` event: `cli:<operating-system user>` (the account that ran it, as the system
 * knows it, not as the environment says), or `cli` when the system cannot say (a container's user
 * with no name).
 */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}
