import { isIP } from "node:net";

/** An IP address in one canonical spelling, with its family. */
export interface IpAddress {
  address: string;
  family: "ipv4" | "ipv6";
}

/**
 * Reads an address as a socket or an `X-Forwarded-For` entry spells it: bare, `[v6]`, `[v6]:port`
 * or `v4:port`. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, `::ffff:7f00:1`, or with its zeros
 * written out), as a dual-stack socket reports an IPv4 client, is read as that IPv4 address: one
 * client, one key, however it is spelled. `undefined` for anything that is not an address.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  let candidate = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.indexOf(":"));
  switch (isIP(candidate)) {
    case 4:
      return { address: candidate, family: "ipv4" };
    case 6:
      return mappedIpv4(candidate) ?? { address: candidate.toLowerCase(), family: "ipv6" };
    default:
      return undefined;
  }
}

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:0:0/96`) stands for; `undefined` for any other. */
function mappedIpv4(address: string): IpAddress | undefined {
  const groups = ipv6Groups(address).map((group) => Number.parseInt(group, 16));
  if (!groups.slice(0, 5).every((group) => group === 0) || groups[5] !== 0xffff) return undefined;
  const [high = 0, low = 0] = groups.slice(6);
  return { address: [high >> 8, high & 0xff, low >> 8, low & 0xff].join("."), family: "ipv4" };
}

/**
 * The key one client is counted under (S-26): an IPv4 address as it is, an IPv6 address by its
 * /64 network, since one subscriber is routinely given a whole /64 and could otherwise rotate
 * through 2^64 addresses to dodge a per-address limit.
 */
export function throttleKeyOf(ip: IpAddress): string {
  if (ip.family === "ipv4") return ip.address;
  return `${ipv6Groups(ip.address).slice(0, 4).join(":")}::/64`;
}

/** The wider networks a client is counted in as well, as keys: one client key each. */
export interface ClientNetworks {
  /** An IPv4 client's /24, an IPv6 client's /56 (what one home or small office is commonly given). */
  network?: string;
  /** An IPv6 client's /48 (what one site is commonly given). */
  site?: string;
}

/**
 * The networks around a client key from {@link throttleKeyOf} (S-33): one network spreading its
 * attempts over many addresses (2^16 /64s in a /48) is still counted as one. None for a key that
 * is not an address (`unknown`).
 *
 * @example networksOf("2001:db8:1:2::/64") // { network: "2001:db8:1:0::/56", site: "2001:db8:1::/48" }
 */
export function networksOf(clientKey: string): ClientNetworks {
  if (clientKey.endsWith("::/64")) {
    const [a, b, c, d = "0"] = clientKey.slice(0, -"::/64".length).split(":");
    const network = (Number.parseInt(d, 16) & 0xff00).toString(16);
    return { network: `${a}:${b}:${c}:${network}::/56`, site: `${a}:${b}:${c}::/48` };
  }
  const ipv4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(clientKey);
  return ipv4 ? { network: `${ipv4[1]}.0/24` } : {};
}

/** The address as one number (32 bits for IPv4, 128 for IPv6), to compare ranges of addresses. */
export function addressValue(ip: IpAddress): bigint {
  const parts = ip.family === "ipv4" ? ip.address.split(".").map(Number) : ipv6Groups(ip.address).map((group) => Number.parseInt(group, 16));
  const width = ip.family === "ipv4" ? 8n : 16n;
  return parts.reduce((value, part) => (value << width) | BigInt(part), 0n);
}

/** The eight 16-bit groups of an IPv6 address (valid per `isIP`), without leading zeros. */
function ipv6Groups(address: string): string[] {
  const withoutZone = address.split("%")[0]!;
  const [head = "", tail] = withoutZone.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").flatMap(groupsOfPart));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right];
}

/** One group, or the two groups an embedded IPv4 address (`::1.2.3.4`) stands for. */
function groupsOfPart(part: string): string[] {
  if (!part.includes(".")) return [Number.parseInt(part, 16).toString(16)];
  const [a = 0, b = 0, c = 0, d = 0] = part.split(".").map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
