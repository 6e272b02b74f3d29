import { describe, expect, test } from "bun:test";
import { adminSocketPath } from "./admin-socket-path.ts";

describe("the admin socket's path", () => {
  test("is beside the SQLite file, named after it, relative or absolute as the URL is", () => {
    expect(adminSocketPath("sqlite://data/jot.sqlite")).toBe("data/jot.sock");
    expect(adminSocketPath("sqlite:///var/lib/jot/users.db")).toBe("/var/lib/jot/users.sock");
  });

  test("is none for Postgres, whose servers the command reaches through the shared database, or an in-memory database", () => {
    expect(adminSocketPath("postgres://jot@db.internal/jot")).toBeUndefined();
    expect(adminSocketPath("sqlite://:memory:")).toBeUndefined();
  });
});
