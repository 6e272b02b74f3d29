/** What can tell the socket's peer address (Bun's server; absent when handled in process). */
interface PeerSource {
  requestIP(request: Request): { address: string } | null;
}

/**
 * The client's address, for throttling. From the socket, unless `trustedProxies` proxies stand
 * in front: then the `X-Forwarded-For` entry that the nearest trusted proxy saw. Entries a
 * client wrote itself (further left) are never believed.
 */
export function clientAddress(request: Request, server: PeerSource | null | undefined, trustedProxies: number): string {
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d: one client, one key.
  const socket = (server?.requestIP(request)?.address ?? "unknown").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  if (trustedProxies === 0) return socket;
  const forwarded = (request.headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  return forwarded[forwarded.length - trustedProxies] ?? forwarded[0] ?? socket;
}
