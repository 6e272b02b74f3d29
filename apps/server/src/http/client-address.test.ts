import { describe, expect, test } from "bun:test";
import { clientAddress } from "./client-address.ts";

const server = (address: string) => ({ requestIP: () => ({ address }) });
const request = (forwarded?: string) => new Request("http://localhost/", forwarded === undefined ? {} : { headers: { "x-forwarded-for": forwarded } });

describe("the client address used for throttling", () => {
  test("is the socket's, with an IPv4-mapped IPv6 address written as IPv4", () => {
    expect(clientAddress(request(), server("::ffff:10.0.0.7"), 0)).toBe("10.0.0.7");
    expect(clientAddress(request(), server("2001:db8::1"), 0)).toBe("2001:db8::1");
    expect(clientAddress(request(), null, 0)).toBe("unknown");
  });

  test("ignores X-Forwarded-For unless proxies are trusted, then takes the entry the nearest trusted proxy saw", () => {
    expect(clientAddress(request("1.2.3.4"), server("10.0.0.1"), 0)).toBe("10.0.0.1");
    expect(clientAddress(request("6.6.6.6, 1.2.3.4"), server("10.0.0.1"), 1)).toBe("1.2.3.4");
    expect(clientAddress(request("6.6.6.6, 1.2.3.4, 10.0.0.2"), server("10.0.0.1"), 2)).toBe("1.2.3.4");
    expect(clientAddress(request(), server("10.0.0.1"), 1)).toBe("10.0.0.1");
  });
});
