// Presence shared through a real Redis by processes that share nothing else, as servers on
// different machines would: each RedisPresence here has its own connections, as one machine's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/logger';
import { RedisPresence } from '../../src/live/redis-presence';
import type { PresentUser } from '../../src/live/presence';
import { startRedis, type RedisProcess } from '../support/redis-server';

const ada: PresentUser = { user_id: 'u-ada', full_name: 'Ada Lovelace' };
const bo: PresentUser = { user_id: 'u-bo', full_name: 'Bo Diddley' };
const cy: PresentUser = { user_id: 'u-cy', full_name: 'Cy Twombly' };

interface Machine {
  presence: RedisPresence;
  client: Redis;
  /** Every list this machine's followers of tenant t / session s were told, in order. */
  told: string[][];
}

let redis: RedisProcess;
const machines: Machine[] = [];

async function machine(ttlMs = 30_000): Promise<Machine> {
  // As the server's rate-limit connection: commands fail fast while Redis is away.
  const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500 });
  client.on('error', () => undefined);
  await new Promise((resolve) => client.once('ready', resolve));
  const presence = await RedisPresence.open(client, createLogger('silent'), { ttlMs });
  const told: string[][] = [];
  presence.onPresence((tenantId, sessionId, users) => {
    if (tenantId === 't' && sessionId === 's') told.push(users.map((user) => user.full_name));
  });
  const made = { presence, client, told };
  machines.push(made);
  return made;
}

const last = (machine: Machine) => machine.told.at(-1);

/** A plain connection of the test's own, for looking into Redis or writing there as a stranger. */
async function withRedis<T>(use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(redis.url);
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const { presence, client } of machines.splice(0)) {
    await presence.withdraw().catch(() => undefined);
    client.disconnect();
  }
  // What a test wrote as a stranger (or a lost machine left) is not the next test's.
  await withRedis((client) => client.del('coditect:presence:t/s'));
});
afterAll(async () => {
  await redis.kill();
});

describe('presence through Redis', () => {
  it("tells each machine's followers who follows the session on every machine, and who left", async () => {
    const one = await machine();
    const two = await machine();
    one.presence.share('t', 's', [ada]);
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace']);
    two.presence.share('t', 's', [bo]);
    await expect.poll(() => last(two)).toEqual(['Ada Lovelace', 'Bo Diddley']);
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace', 'Bo Diddley']);

    // A second tab of Ada on machine one: the list is unchanged, but that machine is told again (the new tab
    // needs it); machine two is not.
    const toldTwo = two.told.length;
    const toldOne = one.told.length;
    one.presence.share('t', 's', [ada]);
    await expect.poll(() => one.told.length).toBe(toldOne + 1);
    expect(last(one)).toEqual(['Ada Lovelace', 'Bo Diddley']);
    expect(two.told.length).toBe(toldTwo);

    two.presence.share('t', 's', []);
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace']);
    // Another session's followers are not told about this one.
    const other = await machine();
    other.presence.share('t', 'other-session', [cy]);
    one.presence.share('t', 's', [ada, cy]);
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace', 'Cy Twombly']);
    expect(other.told).toEqual([]);
  });

  it('drops the followers of a machine that stopped without a word once their time runs out', async () => {
    const one = await machine(600);
    const gone = await machine(600);
    one.presence.share('t', 's', [ada]);
    gone.presence.share('t', 's', [bo]);
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace', 'Bo Diddley']);
    // Its connection drops first, so nothing it does afterwards reaches Redis (a machine lost):
    // its field stays until its time runs out.
    machines.splice(machines.indexOf(gone), 1);
    gone.client.disconnect();
    await gone.presence.withdraw();
    await withRedis(async (writer) => {
      expect(Object.keys(await writer.hgetall('coditect:presence:t/s'))).toHaveLength(2);
      const entry = { users: [cy], until: Date.now() + 300 };
      await writer.hset('coditect:presence:t/s', 'another-lost-machine', JSON.stringify(entry));
    });
    await expect.poll(() => last(one), { timeout: 5_000 }).toEqual(['Ada Lovelace']);
  });

  it('ignores entries and announcements that are not its own format', async () => {
    const one = await machine();
    await withRedis(async (writer) => {
      await writer.hset('coditect:presence:t/s', 'junk-1', 'not json', 'junk-2', '{"users":"x","until":99999999999999}');
      await writer.hset(
        'coditect:presence:t/s',
        'junk-3',
        JSON.stringify({ users: [{ user_id: 7 }, bo], until: Date.now() + 60_000 }),
      );
      await writer.publish('coditect:presence', 'no-slash-here');
      one.presence.share('t', 's', [ada]);
      await expect.poll(() => last(one)).toEqual(['Ada Lovelace', 'Bo Diddley']);
    });
  });

  it("while Redis is away tells each machine's followers its own, and merges again once it is back", async () => {
    const one = await machine(900);
    const two = await machine(900);
    one.presence.share('t', 's', [ada]);
    two.presence.share('t', 's', [bo]);
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace', 'Bo Diddley']);
    const port = redis.port;
    await redis.kill();
    one.presence.share('t', 's', [ada, cy]);
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace', 'Cy Twombly']);
    redis = await startRedis(port);
    // The refresh writes each machine's followers back; both see everyone again.
    await expect.poll(() => last(one), { timeout: 10_000 }).toEqual(['Ada Lovelace', 'Bo Diddley', 'Cy Twombly']);
    await expect.poll(() => last(two), { timeout: 10_000 }).toEqual(['Ada Lovelace', 'Bo Diddley', 'Cy Twombly']);
  });

  it('withdraws its followers at shutdown', async () => {
    const one = await machine();
    const two = await machine();
    one.presence.share('t', 's', [ada]);
    two.presence.share('t', 's', [bo]);
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace', 'Bo Diddley']);
    await two.presence.withdraw();
    await expect.poll(() => last(one)).toEqual(['Ada Lovelace']);
  });
});
