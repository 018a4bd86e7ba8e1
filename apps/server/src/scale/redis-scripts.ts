import type { Redis } from '@tagstream/redis';

/** Compares two stream entry ids ("ms-seq"): true when `a` comes after `b`. */
const AFTER = `
local function after(a, b)
  local ams, aseq = string.match(a, '(%d+)-(%d+)')
  local bms, bseq = string.match(b, '(%d+)-(%d+)')
  ams, aseq, bms, bseq = tonumber(ams), tonumber(aseq), tonumber(bms), tonumber(bseq)
  return ams > bms or (ams == bms and aseq > bseq)
end
`;

/**
 * A worker's flush, in one atomic step: the digests of the entries it read, and their XACK. Killed
 * before it, the worker leaves its entries pending (another claims them); after it, nothing is
 * counted twice. A digest of an entry the emitter has already passed (a slow worker whose entries
 * were claimed and counted meanwhile) is not written: it would never be read or removed.
 * KEYS: lines, digests, emitter. ARGV: group, then id and digest pairs.
 */
const FLUSH = `${AFTER}
local pos = redis.call('HGET', KEYS[3], 'position') or '0-0'
local ids = {}
for i = 2, #ARGV, 2 do
  if after(ARGV[i], pos) then redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
  ids[#ids + 1] = ARGV[i]
end
for i = 1, #ids, 1000 do
  redis.call('XACK', KEYS[1], ARGV[1], unpack(ids, i, math.min(i + 999, #ids)))
end
return #ids
`;

/**
 * A worker's flush of a run counted in parts (\`work --merge\`), in one atomic step: each line's facts
 * (where the emitter reads digests) and digest, the run's parts, and the XACK of its entries; only
 * if every entry is still pending with this worker and after the emitter's position. Otherwise it
 * writes nothing and answers \`retry\` with the entries another worker holds now (a slow worker
 * whose entries were claimed): the worker flushes the others one by one, so every entry is
 * counted once, from its part or its digest, never both.
 * KEYS: lines, digests, emitter, full digests, parts. ARGV: group, consumer, n, n ids, n facts,
 * n digests, then part field and JSON pairs. Returns {'ok'} or {'retry', ids…}.
 */
const FLUSH_PARTS = `${AFTER}
local pos = redis.call('HGET', KEYS[3], 'position') or '0-0'
local n = tonumber(ARGV[3])
local others = {}
local passed = false
for i = 4, 3 + n do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
  if #p == 0 then others[#others + 1] = ARGV[i] end
  if not after(ARGV[i], pos) then passed = true end
end
if #others > 0 or passed then return {'retry', unpack(others)} end
for i = 4, 3 + n do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + n])
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 2 * n])
end
for i = 4 + 3 * n, #ARGV, 2 do redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1]) end
for i = 4, 3 + n, 1000 do
  redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, i, math.min(i + 999, 3 + n)))
end
return {'ok'}
`;

/** Gives the emitter lease up if we still hold it, so the next emitter starts at once. KEYS: lease. ARGV: token. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Renews the emitter lease if we still hold it. KEYS: lease. ARGV: token, ttl ms. 1 held, 0 lost. */
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/**
 * Appends results numbered n to the results stream, fenced: only the lease holder writes, and a
 * result already there (a new emitter recomputing from its checkpoint) is not written again.
 * KEYS: lease, results, emitter. ARGV: token, maxlen, then n and result JSON pairs.
 * Returns the results added, or -1 when the lease is not ours.
 */
const APPEND_RESULTS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local done = tonumber(redis.call('HGET', KEYS[3], 'emitted') or '0')
local added = 0
for i = 3, #ARGV, 2 do
  local n = tonumber(ARGV[i])
  if n > done then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'n', ARGV[i], 'r', ARGV[i + 1])
    done = n
    added = added + 1
  end
end
redis.call('HSET', KEYS[3], 'emitted', done)
return added
`;

/** Saves the emitter's checkpoint and position, fenced. KEYS: lease, emitter. ARGV: token, checkpoint, position. */
const SAVE_CHECKPOINT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
redis.call('HSET', KEYS[2], 'checkpoint', ARGV[2], 'position', ARGV[3])
return 1
`;

/**
 * Replaces the drill-downs web nodes read, fenced. KEYS: lease, tags. ARGV: token, then key and
 * detail JSON pairs. Returns the details written, or -1 when the lease is not ours.
 */
const WRITE_TAGS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[2])
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
return (#ARGV - 1) / 2
`;

/**
 * Claims (or renews) the counting mode of a stream's workers: sets it for a TTL unless the key
 * holds the other mode. KEYS: mode. ARGV: mode, ttl ms. Returns the mode the key holds after.
 */
const CLAIM_MODE = `
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

/** The scripts, as commands on a client (ioredis loads them by SHA and falls back to EVAL). */
export interface ScaleScripts {
  flushDigests(lines: string, digests: string, emitter: string, ...args: string[]): Promise<number>;
  flushParts(
    lines: string,
    digests: string,
    emitter: string,
    fullDigests: string,
    parts: string,
    ...args: (string | number)[]
  ): Promise<string[]>;
  claimMode(key: string, mode: string, ttlMs: number): Promise<string>;
  renewLease(lease: string, token: string, ttlMs: number): Promise<number>;
  releaseLease(lease: string, token: string): Promise<number>;
  appendResults(
    lease: string,
    results: string,
    emitter: string,
    ...args: (string | number)[]
  ): Promise<number>;
  saveCheckpoint(
    lease: string,
    emitter: string,
    token: string,
    checkpoint: string,
    position: string,
  ): Promise<number>;
  writeTagDetails(lease: string, tags: string, token: string, ...details: string[]): Promise<number>;
}

export function withScripts(client: Redis): Redis & ScaleScripts {
  client.defineCommand('flushDigests', { numberOfKeys: 3, lua: FLUSH });
  client.defineCommand('flushParts', { numberOfKeys: 5, lua: FLUSH_PARTS });
  client.defineCommand('claimMode', { numberOfKeys: 1, lua: CLAIM_MODE });
  client.defineCommand('renewLease', { numberOfKeys: 1, lua: RENEW });
  client.defineCommand('releaseLease', { numberOfKeys: 1, lua: RELEASE });
  client.defineCommand('appendResults', { numberOfKeys: 3, lua: APPEND_RESULTS });
  client.defineCommand('saveCheckpoint', { numberOfKeys: 2, lua: SAVE_CHECKPOINT });
  client.defineCommand('writeTagDetails', { numberOfKeys: 2, lua: WRITE_TAGS });
  return client as Redis & ScaleScripts;
}
