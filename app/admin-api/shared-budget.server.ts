import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { ThrottleStatus } from "./budget";

/**
 * One shop's Admin API budget, shared by every worker process through Redis.
 * Each process learns the bucket from Shopify's answers like the local
 * Budget does, but one process cannot see what the others have in flight:
 * with several workers serving a shop, each would spend the whole bucket and
 * Shopify would throttle them all. Here the last known bucket and every
 * request in flight (a reservation, with an expiry so a killed worker's
 * reservations do not hold the budget for ever) live in Redis, and one Lua
 * script decides whether a request fits now.
 */
export interface SharedBudget {
  /**
   * Reserves `cost` and answers 0, or answers how many ms to wait before
   * asking again; `stamp` is the shared clock's time of the answer.
   */
  take(cost: number): Promise<{ waitMs: number; stamp: number; release: () => Promise<void> }>;
  /**
   * What Shopify said the bucket held, in the answer to the call let through
   * at `stamp` (take's). An answer to an older call than one already heard
   * may miss calls counted since: it can lower the estimate, never raise it.
   */
  observe(status: ThrottleStatus, stamp: number): Promise<void>;
  /** THROTTLED without a status: the bucket is (nearly) empty. */
  observeThrottled(): Promise<void>;
}

// Every time is Redis's own (TIME): the worker processes' clocks may differ.
const NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)";

// KEYS: state hash, reservation expiries (zset), reservation costs (hash).
// ARGV: cost, id, ttl ms, key lifetime ms. Returns { wait ms, now }.
const TAKE = `${NOW}
local cost, id, ttl, life = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do redis.call('HDEL', KEYS[3], gone) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local s = redis.call('HMGET', KEYS[1], 'known', 'rate', 'max', 'at')
local wait = 0
if not s[1] then
  -- Nothing learned yet: one call at a time until Shopify's first answer says what the bucket holds.
  if redis.call('HLEN', KEYS[3]) > 0 then wait = 50 end
else
  local known, rate, max, at = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
  local reserved = 0
  for _, c in ipairs(redis.call('HVALS', KEYS[3])) do reserved = reserved + tonumber(c) end
  local available = math.min(max, known + rate * (now - at) / 1000) - reserved
  local needed = math.min(cost, max) - available
  if needed > 0 then wait = math.ceil(needed / rate * 1000) end
end
if wait == 0 then
  redis.call('ZADD', KEYS[2], now + ttl, id)
  redis.call('HSET', KEYS[3], id, cost)
end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], life) end
return { wait, now }
`;

// KEYS: state hash. ARGV: known, rate, max, sent (the Redis time its call
// was let through). An answer to a call let through after the last one heard
// replaces the estimate; an answer to one let through at the same time or
// before (answers overtake each other) can only lower it: Shopify counted
// fewer calls in it.
const OBSERVE = `${NOW}
local s = redis.call('HMGET', KEYS[1], 'known', 'rate', 'max', 'at', 'sent')
local known, sent = tonumber(ARGV[1]), tonumber(ARGV[4])
if s[5] and sent <= tonumber(s[5]) then
  local estimate = math.min(tonumber(s[3]), tonumber(s[1]) + tonumber(s[2]) * (now - tonumber(s[4])) / 1000)
  if known >= estimate then return 0 end
  sent = tonumber(s[5])
end
redis.call('HSET', KEYS[1], 'known', known, 'rate', ARGV[2], 'max', ARGV[3], 'at', now, 'sent', sent)
return 1
`;

// THROTTLED without a status: an empty bucket, if one is known (its rate refills it).
const EMPTIED = `${NOW}
if redis.call('HEXISTS', KEYS[1], 'rate') == 1 then redis.call('HSET', KEYS[1], 'known', 0, 'at', now) end
return 1
`;

const RELEASE = `
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
`;

type BudgetCommands = {
  patronBudgetTake(...args: (string | number)[]): Promise<[number, number]>;
  patronBudgetObserve(...args: (string | number)[]): Promise<number>;
  patronBudgetEmptied(...args: (string | number)[]): Promise<number>;
  patronBudgetRelease(...args: (string | number)[]): Promise<unknown>;
};

/** The scripts as commands of the connection: sent by their hash (EVALSHA), not as text each time. */
function commands(redis: Redis): BudgetCommands {
  const defined = redis as Redis & Partial<BudgetCommands>;
  if (!defined.patronBudgetTake) {
    redis.defineCommand("patronBudgetTake", { numberOfKeys: 3, lua: TAKE });
    redis.defineCommand("patronBudgetObserve", { numberOfKeys: 1, lua: OBSERVE });
    redis.defineCommand("patronBudgetEmptied", { numberOfKeys: 1, lua: EMPTIED });
    redis.defineCommand("patronBudgetRelease", { numberOfKeys: 3, lua: RELEASE });
  }
  return redis as unknown as BudgetCommands;
}

// Keys of a shop nobody has called for an hour go.
const KEY_LIFE_MS = 3_600_000;

export function redisBudget(
  redis: Redis,
  shop: string,
  { reservationMs = 60_000, prefix = process.env.PATRON_QUEUE_PREFIX ?? "patron" } = {},
): SharedBudget {
  const keys = ["state", "expiries", "costs"].map((part) => `${prefix}:budget:{${shop}}:${part}`);
  const run = commands(redis);
  return {
    async take(cost) {
      const id = randomUUID();
      const [waitMs, stamp] = await run.patronBudgetTake(
        ...keys,
        cost,
        id,
        reservationMs,
        KEY_LIFE_MS,
      );
      return {
        waitMs: Number(waitMs),
        stamp: Number(stamp),
        release: async () => {
          if (Number(waitMs) === 0) await run.patronBudgetRelease(...keys, id);
        },
      };
    },
    async observe(status, stamp) {
      await run.patronBudgetObserve(
        keys[0]!,
        status.currentlyAvailable,
        status.restoreRate,
        status.maximumAvailable,
        stamp,
      );
    },
    async observeThrottled() {
      await run.patronBudgetEmptied(keys[0]!);
    },
  };
}
