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
  /** Reserves `cost` and answers 0, or answers how many ms to wait before asking again. */
  take(cost: number): Promise<{ waitMs: number; release: () => Promise<void> }>;
  /**
   * What Shopify said the bucket held, in the answer to a request sent at
   * `sentAt`. An answer to an older request than one already heard may miss
   * calls counted since: it can lower the estimate, never raise it.
   */
  observe(status: ThrottleStatus, sentAt: number): Promise<void>;
  /** THROTTLED without a status: the bucket is (nearly) empty. */
  observeThrottled(): Promise<void>;
}

// KEYS: state hash, reservation expiries (zset), reservation costs (hash).
// ARGV: now, cost, id, ttl ms, key lifetime ms.
const TAKE = `
local now, cost, id, ttl, life = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
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
return wait
`;

// KEYS: state hash. ARGV: known, rate, max, now, sentAt. An answer to a
// request sent after the last one heard replaces the estimate; an answer to
// one sent at the same time or before (answers overtake each other) can only
// lower it: Shopify counted fewer calls in it.
const OBSERVE = `
local s = redis.call('HMGET', KEYS[1], 'known', 'rate', 'max', 'at', 'sent')
local known, now, sent = tonumber(ARGV[1]), tonumber(ARGV[4]), tonumber(ARGV[5])
if s[5] and sent <= tonumber(s[5]) then
  local estimate = math.min(tonumber(s[3]), tonumber(s[1]) + tonumber(s[2]) * (now - tonumber(s[4])) / 1000)
  if known >= estimate then return 0 end
  sent = tonumber(s[5])
end
redis.call('HSET', KEYS[1], 'known', known, 'rate', ARGV[2], 'max', ARGV[3], 'at', now, 'sent', sent)
return 1
`;

const RELEASE = `
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
`;

// Keys of a shop nobody has called for an hour go.
const KEY_LIFE_MS = 3_600_000;

export function redisBudget(
  redis: Redis,
  shop: string,
  { reservationMs = 60_000, prefix = process.env.PATRON_QUEUE_PREFIX ?? "patron" } = {},
): SharedBudget {
  const keys = ["state", "expiries", "costs"].map((part) => `${prefix}:budget:{${shop}}:${part}`);
  return {
    async take(cost) {
      const id = randomUUID();
      const waitMs = Number(
        await redis.eval(TAKE, 3, ...keys, Date.now(), cost, id, reservationMs, KEY_LIFE_MS),
      );
      return {
        waitMs,
        release: async () => {
          if (waitMs === 0) await redis.eval(RELEASE, 3, ...keys, id);
        },
      };
    },
    async observe(status, sentAt) {
      await redis.eval(
        OBSERVE,
        1,
        keys[0]!,
        status.currentlyAvailable,
        status.restoreRate,
        status.maximumAvailable,
        Date.now(),
        sentAt,
      );
    },
    async observeThrottled() {
      // Only a bucket already known can be emptied: its rate is what refills it.
      if (await redis.hexists(keys[0]!, "rate"))
        await redis.hset(keys[0]!, { known: 0, at: Date.now() });
    },
  };
}
