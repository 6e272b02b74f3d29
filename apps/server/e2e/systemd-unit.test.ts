// The systemd recipe (deploy/jot.service) checked as far as a machine without a running systemd
// allows: systemd's own verifier accepts it without a warning, its sandbox is the one the README
// promises, and the configuration it gives the executable is one jot accepts for production.
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWith, probeService } from "@jot/testing";
import { loadConfig } from "../src/config/load-config.ts";

const ROOT = join(import.meta.dir, "..", "..", "..");
const UNIT = join(ROOT, "deploy", "jot.service");
const ENV_EXAMPLE = join(ROOT, "deploy", "jot.env.example");
const INSTALLED = "/usr/local/bin/jot";

const MISSING = "systemd-analyze is missing: apt-get install -y systemd";
// Locally a machine without Debian's systemd skips the verifier's tests saying why; CI installs
// it, and there its absence fails the run.
const systemdAnalyze = await probeService("systemd-analyze", () => {
  if (Bun.which("systemd-analyze") === null) throw new Error(MISSING);
});

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A unit file's settings, by section and key, every value of a repeated key in order. */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let section: Record<string, string[]> | undefined;
  for (const line of text.split("\n").map((raw) => raw.trim())) {
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = sections[header[1]!] ??= {};
      continue;
    }
    const [key, ...value] = line.split("=");
    if (section === undefined || value.length === 0) throw new Error(`not a setting: ${line}`);
    (section[key!] ??= []).push(value.join("="));
  }
  return sections;
}

/** An `EnvironmentFile=`'s or `Environment=`'s assignments. */
function assignments(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

/** The unit with its ExecStart pointing at a stand-in executable in a folder of the test's own. */
function unitBesideStandIn(): string {
  const folder = mkdtempSync(join(tmpdir(), "jot-systemd-"));
  folders.push(folder);
  const standIn = join(folder, "jot");
  writeFileSync(standIn, "#!/bin/sh\n");
  chmodSync(standIn, 0o755);
  const unit = join(folder, "jot.service");
  const text = readFileSync(UNIT, "utf8");
  expect(text).toContain(`\nExecStart=${INSTALLED} serve\n`);
  writeFileSync(unit, text.replace(`\nExecStart=${INSTALLED} `, `\nExecStart=${standIn} `));
  return unit;
}

async function systemdAnalyzeRun(args: string[]) {
  const child = Bun.spawn(["systemd-analyze", ...args], { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

describeWith(systemdAnalyze, "deploy/jot.service, by systemd-analyze", () => {
  test("verify accepts it and prints nothing: no unknown key, no bad value, the executable found", async () => {
    expect(await systemdAnalyzeRun(["verify", "--man=no", unitBesideStandIn()])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("security rates its sandbox OK or better (exposure below 2 out of 10)", async () => {
    const { code, stdout } = await systemdAnalyzeRun(["security", "--offline=yes", "--no-pager", unitBesideStandIn()]);
    expect(code).toBe(0);
    const exposure = Number(/Overall exposure level for jot\.service: ([\d.]+)/.exec(stdout)?.[1]);
    expect(exposure).toBeLessThan(2);
  });
});

describe("deploy/jot.service", () => {
  test("runs `jot serve` as a user of its own, in its state directory, in a sandbox that can write nothing else", async () => {
    const service = parseUnit(await Bun.file(UNIT).text()).Service!;
    const one = (key: string) => service[key]?.at(-1);
    expect(one("ExecStart")).toBe(`${INSTALLED} serve`);
    expect({
      DynamicUser: one("DynamicUser"),
      StateDirectory: one("StateDirectory"),
      WorkingDirectory: one("WorkingDirectory"),
      ProtectSystem: one("ProtectSystem"),
      NoNewPrivileges: one("NoNewPrivileges"),
      PrivateTmp: one("PrivateTmp"),
      ProtectHome: one("ProtectHome"),
      CapabilityBoundingSet: one("CapabilityBoundingSet"),
      RestrictAddressFamilies: one("RestrictAddressFamilies"),
      EnvironmentFile: one("EnvironmentFile"),
    }).toEqual({
      DynamicUser: "yes",
      StateDirectory: "jot",
      WorkingDirectory: "%S/jot",
      ProtectSystem: "strict",
      NoNewPrivileges: "yes",
      PrivateTmp: "yes",
      ProtectHome: "yes",
      CapabilityBoundingSet: "",
      RestrictAddressFamilies: "AF_INET AF_INET6 AF_UNIX",
      EnvironmentFile: "/etc/jot/jot.env",
    });
  });

  test("its environment and jot.env.example, once the key is filled in, are a production configuration jot accepts, every variable one jot reads", async () => {
    const service = parseUnit(await Bun.file(UNIT).text()).Service!;
    const fromUnit = assignments(service.Environment!.flatMap((line) => line.split(" ")));
    const example = (await Bun.file(ENV_EXAMPLE).text()).split("\n").filter((line) => line !== "" && !line.startsWith("#"));
    const fromFile = assignments(example);
    expect(fromFile.JWT_SECRET_KEY).toBe("");
    const env = { ...fromFile, ...fromUnit, JWT_SECRET_KEY: "f".repeat(64) };
    const read = new Set<string>();
    const watched = new Proxy(env, {
      get(target, name) {
        if (typeof name === "string") read.add(name);
        return Reflect.get(target, name);
      },
    });
    const config = loadConfig(watched);
    expect(Object.keys(env).filter((name) => !read.has(name))).toEqual([]);
    expect({ production: config.production, port: config.port, database: config.databaseUrl }).toEqual({
      production: true,
      port: 3000,
      // Relative to WorkingDirectory: /var/lib/jot/data/jot.sqlite, inside the state directory.
      database: "sqlite://data/jot.sqlite",
    });
  });
});
