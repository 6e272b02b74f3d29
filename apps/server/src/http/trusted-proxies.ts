import { BlockList } from "node:net";
import { addressValue, parseIpAddress, type IpAddress } from "./ip-address.ts";

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
 * {@link TrustedProxyError} naming the first entry that is neither, or the entries that together
 * trust every IPv4 or every IPv6 address (`0.0.0.0/0`, `::/0`, `0.0.0.0/1, 128.0.0.0/1`): with
 * those, any client could write the address it is counted under (S-26).
 *
 * @example
 * parseTrustedProxies("127.0.0.1, 10.0.0.0/8").has({ address: "10.2.3.4", family: "ipv4" }) // true
 */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (text ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const ranges = { ipv4: [] as AddressRange[], ipv6: [] as AddressRange[] };
  for (const entry of entries) {
    const [addressText = "", prefixText, ...rest] = entry.split("/");
    const ip = parseIpAddress(addressText);
    const maxPrefix = ip?.family === "ipv4" ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
    if (!ip || rest.length > 0 || !(prefix >= 0 && prefix <= maxPrefix)) {
      throw new TrustedProxyError(`"${entry}" is not an address or CIDR such as 10.0.0.1 or 10.0.0.0/8`);
    }
    list.addSubnet(ip.address, prefix, ip.family);
    ranges[ip.family].push({ entry, ...rangeOf(ip, prefix) });
  }
  for (const [family, bits] of [["ipv4", 32n], ["ipv6", 128n]] as const) {
    if (coversEverything(ranges[family], bits)) {
      const named = ranges[family].map(({ entry }) => entry).join(", ");
      throw new TrustedProxyError(`"${named}" trusts every ${family === "ipv4" ? "IPv4" : "IPv6"} address, so any client could choose the address it is counted under; name only your proxies`);
    }
  }
  return { has: (ip) => list.check(ip.address, ip.family), any: entries.length > 0 };
}

/** The addresses one entry covers, first to last, as numbers. */
interface AddressRange {
  entry: string;
  first: bigint;
  last: bigint;
}

function rangeOf(ip: IpAddress, prefix: number): { first: bigint; last: bigint } {
  const hostBits = BigInt((ip.family === "ipv4" ? 32 : 128) - prefix);
  const first = (addressValue(ip) >> hostBits) << hostBits;
  return { first, last: first + (1n << hostBits) - 1n };
}

/** Whether the ranges together leave no address of a `bits`-wide family out. */
function coversEverything(ranges: readonly AddressRange[], bits: bigint): boolean {
  let next = 0n; // the first address no range seen so far covers
  for (const { first, last } of [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))) {
    if (first > next) return false;
    if (last >= next) next = last + 1n;
  }
  return next === 1n << bits;
}
