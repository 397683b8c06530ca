// The REST shim's routes, derived from each operation's REST meta in the contract — never listed
// by hand. Static routes win over parameterised ones, so /sessions/related is never read as
// /sessions/:id; routes of fixed length win over a trailing wildcard (`:path*`). Operations may
// share a method and path when they differ by the query parameters that select them (`when`).
import { listOperations, type AnyOperation, type ContractTree, type HttpMethod, type RestMeta } from '@coditect/api/contract';
import { describeInputFields, type InputFieldKinds } from './input-coercion';

export interface RestRoute {
  method: HttpMethod;
  path: string;
  /** The operation's dotted path in the contract and the router (`sessions.get`). */
  procedurePath: string;
  operation: AnyOperation;
  rest: RestMeta;
  /** The fixed part of the path (a wildcard's segment not included). */
  segments: string[];
  /** Index of each `:param` segment → input field name. */
  params: Array<[number, string]>;
  /** The input field a trailing `:name*` fills, if any. */
  wildcard: string | undefined;
  fieldKinds: InputFieldKinds;
  /** False for operations without input: any field sent to them is unknown (400). */
  takesInput: boolean;
}

export interface RouteMatch {
  route: RestRoute;
  params: Record<string, string>;
}

export type RouteLookup =
  | { kind: 'found'; match: RouteMatch }
  | { kind: 'method_not_allowed'; allowed: HttpMethod[] }
  | { kind: 'not_found' }
  /** A wildcard's remainder that is not valid percent-encoding. */
  | { kind: 'invalid_path'; field: string };

const WILDCARD = /^:([A-Za-z0-9_]+)\*$/;

export class RouteTable {
  private readonly staticRoutes = new Map<string, RestRoute[]>();
  /** The methods each static path answers, for a 405's Allow. */
  private readonly staticMethods = new Map<string, Set<HttpMethod>>();
  private readonly paramRoutes: RestRoute[] = [];
  /** The parameterised routes by their number of segments (only those can match a path). */
  private readonly paramRoutesByLength = new Map<number, RestRoute[]>();
  private readonly wildcardRoutes: RestRoute[] = [];
  readonly routes: RestRoute[] = [];

  constructor(contract: ContractTree) {
    for (const { path: procedurePath, operation } of listOperations(contract)) {
      const rest = operation.meta.rest;
      if (!rest) continue;
      const all = splitPath(rest.path);
      const wildcard = WILDCARD.exec(all[all.length - 1] ?? '')?.[1];
      const segments = wildcard === undefined ? all : all.slice(0, -1);
      if (segments.some((segment) => segment.includes('*')))
        throw new Error(`${rest.path}: only the last segment may be a wildcard`);
      const params: Array<[number, string]> = [];
      segments.forEach((segment, index) => {
        if (segment.startsWith(':')) params.push([index, segment.slice(1)]);
      });
      const route: RestRoute = {
        method: rest.method,
        path: rest.path,
        procedurePath,
        operation,
        rest,
        segments,
        params,
        wildcard,
        fieldKinds: describeInputFields(operation.input),
        takesInput: operation.input !== undefined,
      };
      const clash = this.routes.find(
        (other) => other.method === route.method && other.path === route.path && sameSelector(other.rest.when, route.rest.when),
      );
      if (clash) throw new Error(`REST route ${route.method} ${route.path} declared twice`);
      this.routes.push(route);
      if (wildcard !== undefined) this.wildcardRoutes.push(route);
      else if (params.length > 0) this.paramRoutes.push(route);
      else {
        const path = `/${segments.join('/')}`;
        const key = `${rest.method} ${path}`;
        this.staticRoutes.set(key, [...(this.staticRoutes.get(key) ?? []), route]);
        this.staticMethods.set(path, (this.staticMethods.get(path) ?? new Set()).add(rest.method));
      }
    }
    // Routes with a selector are tried before the plain one on the same method and path.
    const selectorsFirst = (a: RestRoute, b: RestRoute) => Number(b.rest.when !== undefined) - Number(a.rest.when !== undefined);
    for (const routes of this.staticRoutes.values()) routes.sort(selectorsFirst);
    this.paramRoutes.sort(selectorsFirst);
    this.wildcardRoutes.sort(selectorsFirst);
    for (const route of this.paramRoutes) {
      const length = route.segments.length;
      this.paramRoutesByLength.set(length, [...(this.paramRoutesByLength.get(length) ?? []), route]);
    }
  }

  lookup(method: string, path: string, query: URLSearchParams = EMPTY_QUERY): RouteLookup {
    const direct = this.staticRoutes.get(`${method} ${path}`);
    const picked = direct && select(direct, query);
    if (picked) return { kind: 'found', match: { route: picked, params: {} } };
    const segments = splitPath(path);
    const key = `/${segments.join('/')}`;
    const exact = this.staticRoutes.get(`${method} ${key}`);
    const exactPick = exact && select(exact, query);
    if (exactPick) return { kind: 'found', match: { route: exactPick, params: {} } };

    const staticMethods = this.staticMethods.get(key);
    if (staticMethods) return { kind: 'method_not_allowed', allowed: [...staticMethods] };

    const allowed = new Set<HttpMethod>();
    for (const candidates of [this.paramRoutesByLength.get(segments.length) ?? [], this.wildcardRoutes]) {
      for (const route of candidates) {
        const params = matchSegments(route, segments, path);
        if (!params) continue;
        if (route.method !== method) {
          allowed.add(route.method);
          continue;
        }
        if (!selects(route, query)) continue;
        if ('invalid' in params) return { kind: 'invalid_path', field: route.wildcard! };
        return { kind: 'found', match: { route, params } };
      }
      if (allowed.size > 0) return { kind: 'method_not_allowed', allowed: [...allowed] };
    }
    return { kind: 'not_found' };
  }
}

const EMPTY_QUERY = new URLSearchParams();

function sameSelector(a: RestMeta['when'], b: RestMeta['when']): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Whether the query carries every parameter the route's `when` asks for, with an accepted value. */
function selects(route: RestRoute, query: URLSearchParams): boolean {
  for (const [name, values] of Object.entries(route.rest.when ?? {})) {
    const value = query.get(name);
    if (value === null || !values.includes(value)) return false;
  }
  return true;
}

function select(routes: RestRoute[], query: URLSearchParams): RestRoute | undefined {
  return routes.find((route) => selects(route, query));
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(
  route: RestRoute,
  segments: string[],
  rawPath: string,
): Record<string, string> | { invalid: true } | undefined {
  const fixed = route.segments.length;
  if (route.wildcard === undefined ? segments.length !== fixed : segments.length < fixed) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < fixed; index += 1) {
    const expected = route.segments[index]!;
    const actual = segments[index]!;
    if (expected.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
      params[expected.slice(1)] = decoded;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  if (route.wildcard !== undefined) {
    const remainder = wildcardRemainder(rawPath, fixed);
    if (remainder === undefined) return { invalid: true };
    params[route.wildcard] = remainder;
  }
  return params;
}

/**
 * The path after its first `fixed` segments, each segment percent-decoded, joined with `/`. Empty
 * segments inside are kept (the operation judges `a//b`); one trailing slash is dropped, so
 * `/files/src/` names `src` and `/files/` the root. Undefined when a segment is not valid
 * percent-encoding. Decoded once only: `%252e` stays `%2e`, which the workspace refuses.
 */
function wildcardRemainder(rawPath: string, fixed: number): string | undefined {
  let rest = rawPath.replace(/^\/+/, '');
  for (let index = 0; index < fixed; index += 1) {
    const slash = rest.indexOf('/');
    rest = slash === -1 ? '' : rest.slice(slash + 1);
    // Empty segments between the fixed ones were skipped when matching; skip them here too.
    if (index < fixed - 1) rest = rest.replace(/^\/+/, '');
  }
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  try {
    return rest === '' ? '' : rest.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}
