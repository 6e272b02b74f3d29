import { BlockList } from "node:net";
import { parseIpAddress, type IpAddress } from "./ip-address.ts";

/** The proxies whose `X-Forwarded-For` entries are believed (`TRUST_PROXY`). */
export interface TrustedProxies {
  /** Whether `ip` is one of the configured proxies. */
  has(ip: IpAddress): boolean;
  /** Whether any proxy is configured; none means the socket's address is the client's. */
  readonly any: boolean;
}

/** Why a `TRUST_PROXY` entry cannot be used. */
export class TrustedProxyError extends Error {}

/**
 * Reads a comma list of addresses and CIDRs (`10.0.0.1, 10.1.0.0/16, fd00::/8`). Throws
 * {@link TrustedProxyError} naming the first entry that is neither.
 *
 * @example
 * parseTrustedProxies("127.0.0.1, 10.0.0.0/8").has({ address: "10.2.3.4", family: "ipv4" }) // true
 */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (text ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [addressText = "", prefixText, ...rest] = entry.split("/");
    const ip = parseIpAddress(addressText);
    const maxPrefix = ip?.family === "ipv4" ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
    if (!ip || rest.length > 0 || !(prefix >= 0 && prefix <= maxPrefix)) {
      throw new TrustedProxyError(`"${entry}" is not an address or CIDR such as 10.0.0.1 or 10.0.0.0/8`);
    }
    list.addSubnet(ip.address, prefix, ip.family);
  }
  return { has: (ip) => list.check(ip.address, ip.family), any: entries.length > 0 };
}
