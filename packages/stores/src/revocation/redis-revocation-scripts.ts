import type { RedisClient } from "bun";

/**
 * Shared Lua: the PX lifetime for an entry that must live until `untilText` (seconds), measured
 * with the caller's clock (ARGV[1], ms) and never below ARGV[2] ms. Formatted with `%d`, because
 * Lua's default number formatting would turn a large TTL into `1e+13`, which SET refuses.
 */
const TTL_FUNCTION = `
local function ttl(untilText)
  local ms = math.ceil(tonumber(untilText) * 1000 - tonumber(ARGV[1]))
  return string.format('%d', math.max(ms, tonumber(ARGV[2])))
end
`;

/**
 * Token or session entry: KEYS[1] entry; ARGV now, min TTL, until, channel, kind, id.
 * Keeps the later `until`; then announces the entry as stored, in the same atomic step so a
 * write is never stored unannounced. Answers the stored value.
 */
const EXTEND_SCRIPT = `${TTL_FUNCTION}
local current = redis.call('GET', KEYS[1])
if not current or (tonumber(current) or -math.huge) < tonumber(ARGV[3]) then
  current = ARGV[3]
  redis.call('SET', KEYS[1], current, 'PX', ttl(current))
end
redis.call('PUBLISH', ARGV[4], cjson.encode({kind = ARGV[5], id = ARGV[6], value = current}))
return current
`;

/**
 * User mark: KEYS[1] entry; ARGV now, min TTL, before, until, exceptSid ('' for none), channel, id.
 * The stored mark moves only forward: a strictly later `before` replaces it (with its exceptSid);
 * on a tie the stored mark stands, so every instance ends with the same mark whatever order it
 * hears of them. The lifetime only grows. Announces and answers the stored value.
 */
const MARK_SCRIPT = `${TTL_FUNCTION}
local before, untilText, exceptSid = ARGV[3], ARGV[4], ARGV[5]
local current = redis.call('GET', KEYS[1])
if current then
  local b, u, e = string.match(current, '^(%S+) (%S+) (.*)$')
  if b and tonumber(b) and tonumber(u) then
    if tonumber(b) >= tonumber(before) then before, exceptSid = b, e end
    if tonumber(u) > tonumber(untilText) then untilText = u end
  end
end
local value = before .. ' ' .. untilText .. ' ' .. exceptSid
redis.call('SET', KEYS[1], value, 'PX', ttl(untilText))
redis.call('PUBLISH', ARGV[6], cjson.encode({kind = 'user', id = ARGV[7], value = value}))
return value
`;

/** What every write script needs besides its own arguments. */
export interface ScriptContext {
  client: RedisClient;
  /** The injected clock's "now", in ms. */
  nowMs: number;
  /** The shortest lifetime written, so an entry already past its `until` still reaches every instance. */
  minTtlMs: number;
  channel: string;
}

/** Records a token or session revocation, keeping the later `until`; answers the stored value. */
export async function extendEntry(context: ScriptContext, key: string, untilText: string, kind: "token" | "session", id: string): Promise<string> {
  const { client, nowMs, minTtlMs, channel } = context;
  return String(await client.send("EVAL", [EXTEND_SCRIPT, "1", key, String(nowMs), String(minTtlMs), untilText, channel, kind, id]));
}

/** Records a user mark, never moving it back in time; answers the stored value. */
export async function advanceMark(
  context: ScriptContext,
  key: string,
  mark: { before: string; until: string; exceptSid: string },
  sub: string,
): Promise<string> {
  const { client, nowMs, minTtlMs, channel } = context;
  const args = [MARK_SCRIPT, "1", key, String(nowMs), String(minTtlMs), mark.before, mark.until, mark.exceptSid, channel, sub];
  return String(await client.send("EVAL", args));
}
