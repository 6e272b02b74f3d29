import { userInfo } from "node:os";

/**
 * Who a change made outside the network admin API is recorded as, in the `actor_id` of its
 * `admin_action` event: the admin command on the database is `cli:<operating-system user>` (the
 * account that ran it, as the system knows it, not as the environment says); the server's local
 * admin socket is `local:<operating-system user>` (the server's own account, the only one its
 * 0600 socket admits). Just `cli` or `local` when the system cannot say (a container's user with
 * no name).
 */
export function operatorActor(via: "cli" | "local"): string {
  try {
    return `${via}:${userInfo().username}`;
  } catch {
    return via;
  }
}
