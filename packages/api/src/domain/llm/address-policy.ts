// Which network addresses a tenant's model provider may be reached at: public ones, and the
// networks the operator lists (LLM_TENANT_ALLOWED_NETWORKS). Everything else — loopback, private,
// link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and
// documentation ranges, and IPv6 forms that embed one of those IPv4 addresses — is internal: a
// tenant's Admin must not make the server call it (server-side request forgery).
import { isIP } from 'node:net';

/** An address as 16 bytes (IPv4 as its IPv4-mapped IPv6 form) and a prefix length over them. */
interface Network {
  bytes: Uint8Array;
  prefix: number;
}

const INTERNAL_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
];
const INTERNAL_V6 = [
  '::/96', // unspecified, loopback and the deprecated IPv4-compatible form
  '100::/64',
  '2001::/23', // IETF protocol assignments, Teredo among them
  '2001:db8::/32',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
];
const INTERNAL = [...INTERNAL_V4, ...INTERNAL_V6].map(parseNetwork);

/** IPv6 prefixes that carry an IPv4 address, and where in the 16 bytes it sits. */
const EMBEDDING: Array<{ network: Network; at: number }> = [
  { network: parseNetwork('::ffff:0:0/96'), at: 12 }, // IPv4-mapped
  { network: parseNetwork('64:ff9b::/96'), at: 12 }, // NAT64
  { network: parseNetwork('64:ff9b:1::/48'), at: 12 }, // local-use NAT64
  { network: parseNetwork('2002::/16'), at: 2 }, // 6to4
];

export class AddressPolicy {
  private readonly allowed: Network[];

  /** `allowedNetworks`: CIDRs or single addresses the operator lets tenants' providers reach. */
  constructor(allowedNetworks: readonly string[] = []) {
    this.allowed = allowedNetworks.map(parseNetwork);
  }

  /** Whether a connection to this IP address may be made. Anything that is not an IP address is refused. */
  allows(address: string): boolean {
    const bytes = parseAddress(address);
    if (!bytes) return false;
    if (this.allowed.some((network) => contains(network, bytes))) return true;
    return !isInternal(bytes);
  }

  /** Why a URL's host cannot be used, when the host is an IP address this policy refuses; names are judged at connection. */
  refusalOf(url: string): string | undefined {
    const host = hostOf(url);
    if (host === undefined || !isIP(host) || this.allows(host)) return undefined;
    return `${host} is an internal address; this server lets organisations' providers reach public addresses only`;
  }
}

/** A URL's host without IPv6 brackets; the WHATWG parser has already turned 0x7f.1, 2130706433 and the like into dotted form. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

/** Throws on anything that is not `address` or `address/prefix` (configuration is checked with it). */
export function parseNetwork(text: string): Network {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const bytes = parseAddress(address);
  const family = isIP(address);
  const width = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!bytes || rest.length > 0 || !/^\d+$/.test(prefixText ?? String(width)) || prefix > width) {
    throw new Error(`"${text}" is not an IP address or network (e.g. 10.1.0.0/16, fd00::/8)`);
  }
  return { bytes, prefix: family === 4 ? prefix + 96 : prefix };
}

function isInternal(bytes: Uint8Array): boolean {
  if (INTERNAL.some((network) => contains(network, bytes))) return true;
  for (const { network, at } of EMBEDDING) {
    if (!contains(network, bytes)) continue;
    const embedded = mapped(bytes.subarray(at, at + 4));
    if (INTERNAL.some((internal) => contains(internal, embedded))) return true;
  }
  return false;
}

function contains(network: Network, bytes: Uint8Array): boolean {
  let remaining = network.prefix;
  for (let index = 0; remaining > 0; index += 1, remaining -= 8) {
    const mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
    if ((network.bytes[index]! & mask) !== (bytes[index]! & mask)) return false;
  }
  return true;
}

function mapped(v4: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(v4, 12);
  return bytes;
}

/** 16 bytes for an IPv4 or IPv6 address (zone ids refused), undefined for anything else. */
function parseAddress(text: string): Uint8Array | undefined {
  const family = isIP(text);
  if (family === 4) return mapped(Uint8Array.from(text.split('.').map(Number)));
  if (family !== 6 || text.includes('%')) return undefined;
  // A trailing dotted IPv4 part (::ffff:127.0.0.1) becomes its two hex groups.
  const words = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [((+a << 8) | +b).toString(16), ((+c << 8) | +d).toString(16)].join(':'),
  );
  const [head = '', rest] = words.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const filler = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const all = [...left, ...filler, ...right].map((group) => parseInt(group, 16));
  if (all.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  all.forEach((word, index) => {
    bytes[index * 2] = word >> 8;
    bytes[index * 2 + 1] = word & 0xff;
  });
  return bytes;
}
