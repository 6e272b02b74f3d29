import type { PasskeyStore, PasskeyUse, StoredPasskey } from "./passkey-store.ts";

/** Passkeys in this process's memory: for tests, examples and single-process apps that keep users in memory too. */
export class MemoryPasskeyStore implements PasskeyStore {
  private readonly byId = new Map<string, StoredPasskey>();

  async add(passkey: StoredPasskey): Promise<boolean> {
    if (this.byId.has(passkey.id)) return false;
    this.byId.set(passkey.id, { ...passkey, transports: [...passkey.transports] });
    return true;
  }

  async find(id: string): Promise<StoredPasskey | undefined> {
    const passkey = this.byId.get(id);
    return passkey && { ...passkey };
  }

  async listOf(userId: string): Promise<StoredPasskey[]> {
    return [...this.byId.values()].filter((passkey) => passkey.userId === userId).sort((a, b) => a.createdAt - b.createdAt).map((passkey) => ({ ...passkey }));
  }

  async rename(userId: string, id: string, name: string): Promise<boolean> {
    const passkey = this.byId.get(id);
    if (passkey?.userId !== userId) return false;
    passkey.name = name;
    return true;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    if (this.byId.get(id)?.userId !== userId) return false;
    return this.byId.delete(id);
  }

  async recordUse(id: string, { counter, backedUp, usedAt }: PasskeyUse): Promise<void> {
    const passkey = this.byId.get(id);
    if (passkey) Object.assign(passkey, { counter, backedUp, lastUsedAt: usedAt });
  }

  async flag(id: string, at: number): Promise<void> {
    const passkey = this.byId.get(id);
    if (passkey) passkey.flaggedAt = at;
  }
}
