// The HTTP dispatcher for calls to tenants' providers: every connection — the first, a redirect's,
// a reconnection — goes to an address the AddressPolicy allows. The name is resolved here, once
// per connection, and the socket connects to exactly the address that was checked, so a name that
// answers a public address to a check and an internal one to the connection (DNS rebinding) gets
// nowhere. An IP address in the URL is checked as is.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { AddressPolicy } from './address-policy';

export type Lookup = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** Why a connection was not made; `code` is what the provider client shows. */
export class AddressRefusedError extends Error {
  readonly code = 'EADDRREFUSED';

  constructor(host: string, address: string) {
    super(
      host === address
        ? `The provider's address ${address} is internal; this server lets organisations' providers reach public addresses only`
        : `The provider's host ${host} resolves to the internal address ${address}; this server lets organisations' providers reach public addresses only`,
    );
  }
}

export function createGuardedDispatcher(policy: AddressPolicy, lookup: Lookup = dnsLookup as Lookup): Dispatcher {
  const checkedLookup = (hostname: string, options: LookupOptions, callback: Parameters<Lookup>[2]) => {
    lookup(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const found = typeof address === 'string' ? [{ address, family: family ?? isIP(address) }] : address;
      // One internal answer refuses the name: which record a connection takes is not ours to choose.
      const refused = found.find((entry) => !policy.allows(entry.address));
      if (refused) return callback(new AddressRefusedError(hostname, refused.address), address, family);
      if (found.length === 0)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), address);
      callback(null, address, family);
    });
  };
  const connect = buildConnector({ lookup: checkedLookup } as buildConnector.BuildOptions);
  return new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
      if (isIP(host) && !policy.allows(host)) {
        callback(new AddressRefusedError(host, host), null);
        return;
      }
      connect(options, callback);
    },
  });
}
