// The route table's generic parts the files routes rely on: a trailing wildcard filled with the
// decoded, re-joined rest of the path (decoded once), routes of fixed length before wildcards,
// and operations sharing a method and path told apart by a query selector.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation } from '@coditect/api';
import { RouteTable } from '../../src/rest/route-table';

const op = (method: 'GET' | 'POST', path: string, when?: Record<string, string[]>) =>
  defineOperation({
    type: method === 'GET' ? 'query' : 'mutation',
    input: z.object({}),
    output: z.object({}),
    meta: { access: 'public', summary: path, rest: { method, path, ...(when ? { when } : {}) } },
  });

const contract = {
  t: {
    list: op('GET', '/w/:id/files/:path*'),
    raw: op('GET', '/w/:id/files/:path*', { raw: ['1', 'true'] }),
    write: op('POST', '/w/:id/files/:path*'),
    info: op('GET', '/w/:id/info'),
    fixed: op('GET', '/w/:id/files/special/:name'),
    related: op('GET', '/w/related'),
    create: op('POST', '/w'),
    one: op('GET', '/w/:id'),
    rename: op('POST', '/w/:id'),
  },
};

const table = new RouteTable(contract);
const found = (method: string, path: string, query = '') => {
  const lookup = table.lookup(method, path, new URLSearchParams(query));
  return lookup.kind === 'found' ? [lookup.match.route.procedurePath, lookup.match.params] : lookup;
};

describe('route table', () => {
  it('fills a trailing wildcard with the rest of the path, each segment decoded once', () => {
    expect(found('GET', '/w/7/files')).toEqual(['t.list', { id: '7', path: '' }]);
    expect(found('GET', '/w/7/files/')).toEqual(['t.list', { id: '7', path: '' }]);
    expect(found('GET', '/w/7/files/src/read%20me.md')).toEqual(['t.list', { id: '7', path: 'src/read me.md' }]);
    expect(found('GET', '/w/7/files/src/')).toEqual(['t.list', { id: '7', path: 'src' }]);
    expect(found('GET', '/w/7/files/a%2Fb')).toEqual(['t.list', { id: '7', path: 'a/b' }]);
    expect(found('GET', '/w/7/files/a//b')).toEqual(['t.list', { id: '7', path: 'a//b' }]);
    expect(found('GET', '/w/7/files/%252e%252e')).toEqual(['t.list', { id: '7', path: '%2e%2e' }]);
    expect(found('GET', '/w/7/files/..')).toEqual(['t.list', { id: '7', path: '..' }]);
    expect(table.lookup('GET', '/w/7/files/%zz/a')).toEqual({ kind: 'invalid_path', field: 'path' });
  });

  it('tries routes of fixed length before a wildcard', () => {
    expect(found('GET', '/w/7/files/special/x')).toEqual(['t.fixed', { id: '7', name: 'x' }]);
    expect(found('GET', '/w/7/files/special/x/y')).toEqual(['t.list', { id: '7', path: 'special/x/y' }]);
    expect(found('GET', '/w/7/info')).toEqual(['t.info', { id: '7' }]);
  });

  it('picks the operation whose query selector is present, else the plain one', () => {
    expect(found('GET', '/w/7/files/a.txt', 'raw=1')).toEqual(['t.raw', { id: '7', path: 'a.txt' }]);
    expect(found('GET', '/w/7/files/a.txt', 'raw=true&x=1')).toEqual(['t.raw', { id: '7', path: 'a.txt' }]);
    expect(found('GET', '/w/7/files/a.txt', 'raw=0')).toEqual(['t.list', { id: '7', path: 'a.txt' }]);
    expect(found('POST', '/w/7/files/a.txt', 'raw=1')).toEqual(['t.write', { id: '7', path: 'a.txt' }]);
    expect(table.lookup('DELETE', '/w/7/files/a.txt')).toEqual({ kind: 'method_not_allowed', allowed: ['GET', 'POST'] });
  });

  it('prefers a static route over a parameter, and answers 405 with the methods the path takes', () => {
    expect(found('GET', '/w/related')).toEqual(['t.related', {}]);
    expect(found('GET', '//w/related/')).toEqual(['t.related', {}]);
    expect(found('GET', '/w/7')).toEqual(['t.one', { id: '7' }]);
    expect(found('POST', '/w/7')).toEqual(['t.rename', { id: '7' }]);
    // The static path answers GET only, even though POST /w/:id would take the same segments.
    expect(table.lookup('POST', '/w/related')).toEqual({ kind: 'method_not_allowed', allowed: ['GET'] });
    expect(table.lookup('GET', '/w/')).toEqual({ kind: 'method_not_allowed', allowed: ['POST'] });
    expect(table.lookup('DELETE', '/w/7')).toEqual({ kind: 'method_not_allowed', allowed: ['GET', 'POST'] });
    expect(table.lookup('GET', '/w/7/8')).toEqual({ kind: 'not_found' });
    expect(table.lookup('GET', '/nothing/here')).toEqual({ kind: 'not_found' });
  });

  it('refuses two operations on one method and path with the same selector, and a wildcard that is not last', () => {
    expect(() => new RouteTable({ a: { one: op('GET', '/x/:p*'), two: op('GET', '/x/:p*') } })).toThrow(/declared twice/);
    expect(
      () => new RouteTable({ a: { one: op('GET', '/x/:p*', { raw: ['1'] }), two: op('GET', '/x/:p*', { raw: ['1'] }) } }),
    ).toThrow(/declared twice/);
    expect(() => new RouteTable({ a: { one: op('GET', '/x/:p*/y') } })).toThrow(/only the last segment/);
  });
});
