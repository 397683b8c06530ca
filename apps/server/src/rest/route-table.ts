// The REST shim's routes, derived from each operation's REST meta in the contract — never listed
// by hand. Static routes win over parameterised ones, so /sessions/related is never read as
// /sessions/:id.
import { listOperations, type AnyOperation, type ContractTree, type HttpMethod, type RestMeta } from '@coditect/api/contract';
import { describeInputFields, type InputFieldKinds } from './input-coercion';

export interface RestRoute {
  method: HttpMethod;
  path: string;
  /** The operation's dotted path in the contract and the router (`sessions.get`). */
  procedurePath: string;
  operation: AnyOperation;
  rest: RestMeta;
  segments: string[];
  /** Index of each `:param` segment → input field name. */
  params: Array<[number, string]>;
  fieldKinds: InputFieldKinds;
  /** False for operations without input: any field sent to them is unknown (400). */
  takesInput: boolean;
}

export interface RouteMatch {
  route: RestRoute;
  params: Record<string, string>;
}

export type RouteLookup =
  { kind: 'found'; match: RouteMatch } | { kind: 'method_not_allowed'; allowed: HttpMethod[] } | { kind: 'not_found' };

export class RouteTable {
  private readonly staticRoutes = new Map<string, RestRoute>();
  private readonly paramRoutes: RestRoute[] = [];
  readonly routes: RestRoute[] = [];

  constructor(contract: ContractTree) {
    for (const { path: procedurePath, operation } of listOperations(contract)) {
      const rest = operation.meta.rest;
      if (!rest) continue;
      const segments = splitPath(rest.path);
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
        fieldKinds: describeInputFields(operation.input),
        takesInput: operation.input !== undefined,
      };
      const duplicate = this.routes.find((other) => other.method === route.method && other.path === route.path);
      if (duplicate) throw new Error(`REST route ${route.method} ${route.path} declared twice`);
      this.routes.push(route);
      if (params.length === 0) this.staticRoutes.set(`${rest.method} /${segments.join('/')}`, route);
      else this.paramRoutes.push(route);
    }
  }

  lookup(method: string, path: string): RouteLookup {
    const direct = this.staticRoutes.get(`${method} ${path}`);
    if (direct) return { kind: 'found', match: { route: direct, params: {} } };
    const segments = splitPath(path);
    const key = `/${segments.join('/')}`;
    const exact = this.staticRoutes.get(`${method} ${key}`);
    if (exact) return { kind: 'found', match: { route: exact, params: {} } };

    const allowed = new Set<HttpMethod>();
    for (const route of this.staticRoutes.values()) {
      if (`/${route.segments.join('/')}` === key) allowed.add(route.method);
    }
    if (allowed.size > 0) return { kind: 'method_not_allowed', allowed: [...allowed] };

    for (const route of this.paramRoutes) {
      const params = matchSegments(route, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', match: { route, params } };
      allowed.add(route.method);
    }
    if (allowed.size > 0) return { kind: 'method_not_allowed', allowed: [...allowed] };
    return { kind: 'not_found' };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(route: RestRoute, segments: string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
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
  return params;
}
