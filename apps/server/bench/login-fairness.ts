/**
 * One network against everyone's logins: the real server on a free loopback port, with
 * `TRUST_PROXY=127.0.0.1` so each request names its client in `X-Forwarded-For`. Sixteen attackers,
 * one in each of sixteen /64s of one /48 (2001:db8:7::/48), send failing logins without pause
 * (a short rest after each refusal); meanwhile one user logs in with the right password from
 * 192.0.2.10, again and again. Prints the user's success rate and how its failures were answered.
 *
 *   bun apps/server/bench/login-fairness.ts [path/to/apps/server/src/main.ts]
 *
 * The server is this checkout's unless a main.ts is given (another checkout's, to compare). It runs
 * with its own defaults, save `LOGIN_MAX_PER_ACCOUNT`, lifted so the user's own logins are not
 * what refuses them. Knobs: FAIRNESS_LOGINS (50), FAIRNESS_ATTACKERS (16), FAIRNESS_MAX_SECONDS
 * (120: the attack and the user's logins stop then, if the user is not done sooner),
 * FAIRNESS_MAX_ATTEMPTS (50,000 attack requests at most). Asserts nothing: figures only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const LOGINS = Number(process.env.FAIRNESS_LOGINS ?? 50);
const ATTACKERS = Number(process.env.FAIRNESS_ATTACKERS ?? 16);
const MAX_SECONDS = Number(process.env.FAIRNESS_MAX_SECONDS ?? 120);
const MAX_ATTEMPTS = Number(process.env.FAIRNESS_MAX_ATTEMPTS ?? 50_000);
/** The attack runs alone this long first, so the user meets it at full strength. */
const WARM_UP_MS = 1000;
/** Between two of the user's logins. */
const USER_PAUSE_MS = 100;
/** After a refusal an attacker rests this long, so a refused loop does not spin a shared core. */
const ATTACKER_REST_MS = 5;

const USER = { username: "fairness_user", password: "the right password" };
const USER_ADDRESS = "192.0.2.10";
/** The i-th attacker's address: 2001:db8:7:i::1, one /64 each, all in 2001:db8:7::/48. */
const attackerAddress = (index: number) => `2001:db8:7:${index.toString(16)}::1`;

const main = resolve(process.argv[2] ?? join(import.meta.dir, "..", "src", "main.ts"));

/** Starts the server and answers its URL once it says which port it took. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const folder = mkdtempSync(join(tmpdir(), "jot-fairness-"));
  const child = Bun.spawn(["bun", main], {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      AUTH_REGISTRATION: "open",
      DATABASE_URL: `sqlite://${folder}/jot.sqlite`,
      JWT_SECRET_KEY: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex"),
      MFA_ENCRYPTION_KEY: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex"),
      TRUST_PROXY: "127.0.0.1",
      LOGIN_MAX_PER_ACCOUNT: "1000",
    },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await child.exited;
    rmSync(folder, { recursive: true, force: true });
  };
  let said = "";
  const reader = child.stderr.getReader();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const chunk = await reader.read();
    if (chunk.done) break;
    said += new TextDecoder().decode(chunk.value);
    const port = /listening on port (\d+)/.exec(said)?.[1];
    if (port) {
      // Keep draining stderr so the server never blocks on a full pipe.
      void (async () => {
        while (!(await reader.read()).done);
      })();
      return { url: `http://127.0.0.1:${port}`, stop };
    }
  }
  await stop();
  throw new Error(`the server did not start:\n${said}`);
}

/** A login from `address`; answers how it was answered: `200`, or status and error code. */
async function login(url: string, address: string, body: { username: string; password: string }): Promise<string> {
  try {
    const response = await fetch(`${url}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as { error?: string };
    return response.status === 200 ? "200" : `${response.status} ${answer.error ?? "?"}`;
  } catch {
    return "no answer";
  }
}

const tally = (answers: string[]) =>
  Object.fromEntries([...answers.reduce((counts, answer) => counts.set(answer, (counts.get(answer) ?? 0) + 1), new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b)));

async function measure(): Promise<void> {
  const server = await startServer();
  try {
    const registered = await fetch(`${server.url}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": USER_ADDRESS },
      body: JSON.stringify(USER),
    });
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);

    const attack: string[] = [];
    let attacking = true;
    const started = performance.now();
    const attacker = async (index: number) => {
      for (let attempt = 0; attacking && attack.length < MAX_ATTEMPTS && performance.now() - started < MAX_SECONDS * 1000; attempt++) {
        const answer = await login(server.url, attackerAddress(index), { username: `nobody${index}x${attempt}`, password: "a wrong password" });
        attack.push(answer);
        if (!answer.startsWith("401")) await Bun.sleep(ATTACKER_REST_MS);
      }
    };
    const attackers = Array.from({ length: ATTACKERS }, (_, index) => attacker(index));
    await Bun.sleep(WARM_UP_MS);

    const user: string[] = [];
    const latencies: number[] = [];
    for (let index = 0; index < LOGINS && performance.now() - started < MAX_SECONDS * 1000; index++) {
      const sent = performance.now();
      user.push(await login(server.url, USER_ADDRESS, USER));
      latencies.push(performance.now() - sent);
      await Bun.sleep(USER_PAUSE_MS);
    }
    attacking = false;
    await Promise.all(attackers);
    const seconds = (performance.now() - started) / 1000;

    const ok = user.filter((answer) => answer === "200").length;
    latencies.sort((a, b) => a - b);
    console.log(`server: ${main}; load average at the end ${loadavg().map((load) => load.toFixed(1)).join(" ")}`);
    console.log(`user logins: ${ok}/${user.length} succeeded (${((100 * ok) / user.length).toFixed(0)}%); answers: ${JSON.stringify(tally(user))}`);
    console.log(`user login latency: median ${latencies[Math.floor(latencies.length / 2)]!.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`);
    console.log(`attack: ${attack.length} failing logins from ${ATTACKERS} /64s of 2001:db8:7::/48 in ${seconds.toFixed(1)} s; answers: ${JSON.stringify(tally(attack))}`);
  } finally {
    await server.stop();
  }
}

await measure();
