/** An operator's request that cannot be done (no such user, a bad role name); the message is safe to print. */
export class AdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdminError";
  }
}
