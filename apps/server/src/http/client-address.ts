import { parseIpAddress, throttleKeyOf, type IpAddress } from "./ip-address.ts";
import type { TrustedProxies } from "./trusted-proxies.ts";

/** What can tell the socket's peer address (Bun's server; absent when handled in process). */
interface PeerSource {
  requestIP(request: Request): { address: string } | null;
}

/**
 * The client's address, as the key it is throttled and logged under (S-26). The socket's peer,
 * unless that peer is a trusted proxy: then `X-Forwarded-For` is read right to left, skipping
 * trusted proxies, and the first address no trusted proxy owns is the client. A client talking to
 * the app directly is never believed, and entries left of the first untrusted one, which the
 * client may have written itself, are never read. IPv6 clients are keyed by their /64.
 */
export function clientAddress(request: Request, server: PeerSource | null | undefined, trustedProxies: TrustedProxies): string {
  const peer = server?.requestIP(request)?.address;
  const socket = peer === undefined ? undefined : parseIpAddress(peer);
  if (socket === undefined) return peer ?? "unknown";
  return throttleKeyOf(forwardedClient(request, socket, trustedProxies));
}

function forwardedClient(request: Request, socket: IpAddress, trustedProxies: TrustedProxies): IpAddress {
  if (!trustedProxies.any || !trustedProxies.has(socket)) return socket;
  const entries = (request.headers.get("x-forwarded-for") ?? "").split(",");
  let nearest = socket;
  for (let index = entries.length - 1; index >= 0; index--) {
    const entry = entries[index]!.trim();
    if (entry === "") continue;
    const ip = parseIpAddress(entry);
    // A garbled entry is where the chain stops being trustworthy: the last proxy stands for it.
    if (ip === undefined) return nearest;
    if (!trustedProxies.has(ip)) return ip;
    nearest = ip;
  }
  return nearest;
}
