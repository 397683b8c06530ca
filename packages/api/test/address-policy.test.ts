// The address policy of tenants' providers, and the dispatcher that applies it to each connection.
// DNS is the edge faked here: a resolver answering what a hostile name server would.
import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressPolicy, parseNetwork } from '../src/domain/llm/address-policy';
import { createGuardedDispatcher, type Lookup } from '../src/domain/llm/guarded-dispatcher';
import { createOpenAiCompatibleProvider } from '../src/domain/llm/openai-compatible-provider';

const INTERNAL = [
  '127.0.0.1',
  '127.255.255.254',
  '0.0.0.0',
  '10.0.0.1',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.0.1',
  '169.254.169.254',
  '100.64.0.1',
  '100.127.255.255',
  '192.0.0.8',
  '198.18.0.1',
  '224.0.0.251',
  '240.0.0.1',
  '255.255.255.255',
  '::',
  '::1',
  '::127.0.0.1',
  '::ffff:127.0.0.1',
  '::ffff:a9fe:a9fe',
  '0:0:0:0:0:ffff:c0a8:0101',
  '64:ff9b::10.0.0.1',
  '64:ff9b:1::a00:1',
  '2002:7f00:1::',
  '2001::1',
  '2001:db8::1',
  'fc00::1',
  'fd12:3456::1',
  'fe80::1',
  'fec0::1',
  'ff02::1',
];
const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '172.32.0.1',
  '100.128.0.1',
  '169.255.0.1',
  '11.0.0.1',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::',
  '2606:4700:4700::1111',
  '2a00:1450:4001::200e',
];

describe('AddressPolicy', () => {
  const policy = new AddressPolicy();

  it.each(INTERNAL)('refuses %s', (address) => expect(policy.allows(address)).toBe(false));
  it.each(PUBLIC)('allows %s', (address) => expect(policy.allows(address)).toBe(true));

  it('refuses what is not an IP address, and zone-scoped IPv6', () => {
    for (const text of ['localhost', '', '1.2.3', 'fe80::1%eth0', '::ffff:999.1.1.1']) expect(policy.allows(text)).toBe(false);
  });

  it('opens exactly the networks the operator lists', () => {
    const open = new AddressPolicy(['10.1.0.0/16', '127.0.0.2', 'fd00:1::/32']);
    expect(open.allows('10.1.200.3')).toBe(true);
    expect(open.allows('::ffff:10.1.0.9')).toBe(true);
    expect(open.allows('10.2.0.1')).toBe(false);
    expect(open.allows('127.0.0.2')).toBe(true);
    expect(open.allows('127.0.0.1')).toBe(false);
    expect(open.allows('fd00:1:ffff::1')).toBe(true);
    expect(open.allows('fd00:2::1')).toBe(false);
  });

  it('judges URLs by their IP host in every spelling the URL parser accepts, leaving names to the connection', () => {
    for (const url of ['http://0x7f.1/', 'http://2130706433/', 'http://[::ffff:7f00:1]:80/', 'https://u:p@10.0.0.1/v1']) {
      expect(policy.refusalOf(url), url).toMatch(/internal address/);
    }
    for (const url of ['https://api.openai.com/v1', 'http://localhost:1234/v1', 'http://8.8.8.8/v1', 'not a url']) {
      expect(policy.refusalOf(url), url).toBeUndefined();
    }
  });

  it('parses networks strictly', () => {
    for (const text of ['10.0.0.0/33', '::/129', 'intranet', '10.0.0.0/8/8', '10.0.0.0/x', '10.0.0.0/']) {
      expect(() => parseNetwork(text), text).toThrow(/not an IP address or network/);
    }
    expect(parseNetwork('10.0.0.0/8').prefix).toBe(104);
    expect(parseNetwork('fd00::/8').prefix).toBe(8);
  });
});

describe('the guarded dispatcher', () => {
  let server: Server;
  let port = 0;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [{ id: 'm' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A resolver that answers `answers` for every name, in the shape `options.all` asks for. */
  const resolver =
    (answers: string[]): Lookup =>
    (_hostname, options, callback) => {
      const all: LookupAddress[] = answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (options.all) callback(null, all);
      else callback(null, all[0]!.address, all[0]!.family);
    };

  const listModels = (policy: AddressPolicy, lookup: Lookup, host = 'provider.example') =>
    createOpenAiCompatibleProvider({
      baseUrl: `http://${host}:${port}/v1`,
      timeoutMs: 2_000,
      dispatcher: createGuardedDispatcher(policy, lookup),
    }).listModels();

  it('connects to the address it checked: a name allowed to resolve to 127.0.0.1 reaches the server there', async () => {
    const before = requests;
    await expect(listModels(new AddressPolicy(['127.0.0.1']), resolver(['127.0.0.1']))).resolves.toEqual([
      { id: 'm', owned_by: null },
    ]);
    expect(requests).toBe(before + 1);
  });

  it('refuses a name with any internal answer, before a byte is sent', async () => {
    const before = requests;
    for (const answers of [['127.0.0.1'], ['8.8.8.8', '127.0.0.1'], ['::ffff:127.0.0.1'], ['169.254.169.254']]) {
      await expect(listModels(new AddressPolicy(), resolver(answers)), answers.join()).rejects.toThrow(
        /resolves to the internal address/,
      );
    }
    // Allowed 127.0.0.1, but the name also answers an address that is not allowed.
    await expect(listModels(new AddressPolicy(['127.0.0.1']), resolver(['127.0.0.1', '10.0.0.1']))).rejects.toThrow(
      /10\.0\.0\.1/,
    );
    expect(requests).toBe(before);
  });

  it('checks an IP address in the URL without asking the resolver', async () => {
    const asked: string[] = [];
    const spy: Lookup = (hostname, options, callback) => {
      asked.push(hostname);
      resolver(['8.8.8.8'])(hostname, options, callback);
    };
    await expect(listModels(new AddressPolicy(), spy, '127.0.0.1')).rejects.toThrow(/127\.0\.0\.1 is internal/);
    await expect(listModels(new AddressPolicy(), spy, '[::1]')).rejects.toThrow(/::1 is internal/);
    expect(asked).toEqual([]);
  });
});
