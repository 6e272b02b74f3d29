import { describe, expect, test } from "bun:test";
import { refusal } from "../../test/config-refusal.ts";
import { createTestApp } from "../../test/test-app.ts";
import { clientAddress } from "./client-address.ts";
import { parseTrustedProxies } from "./trusted-proxies.ts";

const server = (address: string) => ({ requestIP: () => ({ address }) });
const request = (forwarded?: string) => new Request("http://localhost/", forwarded === undefined ? {} : { headers: { "x-forwarded-for": forwarded } });
const none = parseTrustedProxies(undefined);
const proxies = parseTrustedProxies("10.0.0.1, 10.1.0.0/16, fd00::/8");

describe("S-26: the client address used for throttling", () => {
  test("is the socket's, with an IPv4-mapped IPv6 address written as IPv4", () => {
    expect(clientAddress(request(), server("::ffff:10.0.0.7"), none)).toBe("10.0.0.7");
    expect(clientAddress(request(), server("192.0.2.1"), none)).toBe("192.0.2.1");
    expect(clientAddress(request(), null, none)).toBe("unknown");
  });

  test("an IPv4-mapped IPv6 address is its IPv4 client however it is spelled, never the /64 every mapped address shares", () => {
    const mapped = ["::ffff:7f00:1", "::FFFF:7F00:0001", "0:0:0:0:0:ffff:7f00:1", "::ffff:127.0.0.1", "0::ffff:127.0.0.1", "[::ffff:7f00:1]:443"];
    expect(mapped.map((address) => clientAddress(request(), server(address), none))).toEqual(Array(mapped.length).fill("127.0.0.1"));
    expect(clientAddress(request(), server("::ffff:c000:201"), none)).toBe("192.0.2.1");
    expect(clientAddress(request("::ffff:cb00:7109"), server("10.0.0.1"), proxies)).toBe("203.0.113.9");
    // Proxies are recognised in the same spelling: a mapped proxy address is skipped like its IPv4 one.
    expect(clientAddress(request("1.2.3.4, ::ffff:a01:707"), server("10.0.0.1"), proxies)).toBe("1.2.3.4");
    // Only ::ffff:0:0/96 is mapped: an IPv4-translated or NAT64 address stays IPv6.
    expect(clientAddress(request(), server("::ffff:0:7f00:1"), none)).toBe("0:0:0:0::/64");
    expect(clientAddress(request(), server("64:ff9b::7f00:1"), none)).toBe("64:ff9b:0:0::/64");
  });

  test("counts an IPv6 client by its /64, so rotating through its own addresses does not dodge a limit", () => {
    expect(clientAddress(request(), server("2001:db8:1:2::1"), none)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(request(), server("2001:0db8:0001:0002:ffff:0:0:9"), none)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(request(), server("2001:db8:1:3::1"), none)).toBe("2001:db8:1:3::/64");
    expect(clientAddress(request(), server("::1"), none)).toBe("0:0:0:0::/64");
    expect(clientAddress(request("10.9.9.9"), server("fd00::1"), proxies)).toBe("10.9.9.9");
    expect(clientAddress(request("2001:db8:5:6:7::8"), server("10.0.0.1"), proxies)).toBe("2001:db8:5:6::/64");
  });

  test("a client talking to the app directly cannot choose its address with X-Forwarded-For", () => {
    expect(clientAddress(request("1.2.3.4"), server("192.0.2.1"), none)).toBe("192.0.2.1");
    expect(clientAddress(request("1.2.3.4"), server("192.0.2.1"), proxies)).toBe("192.0.2.1");
    expect(clientAddress(request("10.0.0.1"), server("192.0.2.1"), proxies)).toBe("192.0.2.1");
  });

  test("behind trusted proxies the header is read right to left, and what the client wrote further left is never believed", () => {
    expect(clientAddress(request("6.6.6.6, 1.2.3.4"), server("10.0.0.1"), proxies)).toBe("1.2.3.4");
    expect(clientAddress(request("6.6.6.6, 1.2.3.4, 10.1.7.7"), server("10.0.0.1"), proxies)).toBe("1.2.3.4");
    expect(clientAddress(request("6.6.6.6,1.2.3.4 , 10.1.7.7, 10.0.0.1"), server("10.1.0.2"), proxies)).toBe("1.2.3.4");
    expect(clientAddress(request("[2001:db8::1]:443, 203.0.113.9:5000"), server("10.0.0.1"), proxies)).toBe("203.0.113.9");
  });

  test("with no header, or only proxies in it, the nearest proxy stands for the client; a garbled entry stops the walk", () => {
    expect(clientAddress(request(), server("10.0.0.1"), proxies)).toBe("10.0.0.1");
    expect(clientAddress(request("10.1.0.3"), server("10.0.0.1"), proxies)).toBe("10.1.0.3");
    expect(clientAddress(request("1.2.3.4, not-an-address, 10.1.0.3"), server("10.0.0.1"), proxies)).toBe("10.1.0.3");
  });

  test("TRUST_PROXY takes addresses and CIDRs; a count or anything else stops the server naming the variable", () => {
    expect(refusal({ TRUST_PROXY: "1" })).toBe('TRUST_PROXY: "1" is not an address or CIDR such as 10.0.0.1 or 10.0.0.0/8');
    expect(refusal({ TRUST_PROXY: "10.0.0.0/33" })).toStartWith("TRUST_PROXY: ");
    expect(refusal({ TRUST_PROXY: "10.0.0.1, proxy.internal" })).toBe('TRUST_PROXY: "proxy.internal" is not an address or CIDR such as 10.0.0.1 or 10.0.0.0/8');
    expect(refusal({ TRUST_PROXY: "fd00::/129" })).toStartWith("TRUST_PROXY: ");
  });

  test("TRUST_PROXY that trusts every address, however written, stops the server naming the variable, in development and production", () => {
    const production = { NODE_ENV: "production", JWT_SECRET_KEY: "a-production-secret-of-32-bytes!", AUTH_REGISTRATION: "closed" };
    const everyIpv4 = (named: string) => `TRUST_PROXY: "${named}" trusts every IPv4 address, so any client could choose the address it is counted under; name only your proxies`;
    const everyIpv6 = (named: string) => `TRUST_PROXY: "${named}" trusts every IPv6 address, so any client could choose the address it is counted under; name only your proxies`;
    expect(refusal({ TRUST_PROXY: "0.0.0.0/0" })).toBe(everyIpv4("0.0.0.0/0"));
    expect(refusal({ ...production, TRUST_PROXY: "0.0.0.0/0" })).toBe(everyIpv4("0.0.0.0/0"));
    expect(refusal({ ...production, TRUST_PROXY: "10.0.0.1, ::/0" })).toBe(everyIpv6("::/0"));
    expect(refusal({ TRUST_PROXY: "0:0:0:0:0:0:0:0/0" })).toBe(everyIpv6("0:0:0:0:0:0:0:0/0"));
    expect(refusal({ TRUST_PROXY: "2001:db8::1/0" })).toBe(everyIpv6("2001:db8::1/0"));
    expect(refusal({ TRUST_PROXY: "[::]/0" })).toBe(everyIpv6("[::]/0"));
    expect(refusal({ TRUST_PROXY: "192.0.2.1/0" })).toBe(everyIpv4("192.0.2.1/0"));
    expect(refusal({ TRUST_PROXY: "0.0.0.0/1, 10.0.0.1, 128.0.0.0/1" })).toBe(everyIpv4("0.0.0.0/1, 10.0.0.1, 128.0.0.0/1"));
    expect(refusal({ TRUST_PROXY: "::/1, 8000::/2, c000::/2" })).toBe(everyIpv6("::/1, 8000::/2, c000::/2"));
    // Wide, but not everything: still the operator's call.
    expect(parseTrustedProxies("0.0.0.0/1, 10.0.0.0/8").has({ address: "127.0.0.1", family: "ipv4" })).toBe(true);
    expect(parseTrustedProxies("0.0.0.0/1, 192.0.0.0/2").has({ address: "128.0.0.1", family: "ipv4" })).toBe(false);
    expect(parseTrustedProxies("::/1, 8000::/2").any).toBe(true);
  });
});

describe("S-26: throttling through the app", () => {
  test("a client that is not the configured proxy, rotating X-Forwarded-For, is still one address and is throttled", async () => {
    const t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: "3", THROTTLE_WINDOW: "15m", TRUST_PROXY: "10.0.0.1" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const headers = { "x-forwarded-for": `10.40.0.${i}` };
        statuses.push((await t.request("/auth/login", { method: "POST", json: { username: `spray${i}`, password: "guess guess" }, headers })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });
});
