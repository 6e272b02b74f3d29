import { describe, expect, test } from "bun:test";
import { localServerUrl } from "./local-server-url.ts";

describe("localServerUrl", () => {
  test("a server on every interface is reached on loopback; one on an address, at that address", () => {
    const at = (host: string | undefined) => localServerUrl({ host, port: 3000 });
    expect([at(undefined), at("0.0.0.0"), at("::"), at("10.0.0.5"), at("::1"), at("localhost")]).toEqual([
      "http://127.0.0.1:3000",
      "http://127.0.0.1:3000",
      "http://127.0.0.1:3000",
      "http://10.0.0.5:3000",
      "http://[::1]:3000",
      "http://localhost:3000",
    ]);
  });
});
