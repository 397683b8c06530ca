// The OpenAPI 3.1 document of the REST shim, generated from the same route table (procedure meta)
// and zod schemas the shim runs on: a route exists in the document exactly when the shim serves it.
import { z } from 'zod';
import { ERROR_CODES, type Access, type ErrorCode } from '@coditect/api';
import type { RestRoute } from '../rest/route-table';
import { errorCodesByStatus, errorCodesFor } from './route-error-codes';
import { SchemaComponents, type JsonSchema } from './schema-components';
import { exampleOf } from './schema-examples';

export interface OpenApiInfo {
  version: string;
  /** Where the shim is mounted, e.g. /api/v5. */
  basePath: string;
}

type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const JSON_MEDIA = 'application/json';

const DESCRIPTION = `The Coditect V5 REST API. Every operation is also a tRPC procedure (named in
\`x-trpc-procedure\`) served at \`/trpc\` with the same schemas. The two WebSockets (a terminal's
attach socket, the live channel) are described in the AsyncAPI 3.0 document beside this one,
\`asyncapi.json\`.

**Envelope.** Success: \`{"success": true, "data": ...}\` (or \`{"success": true, "message": "..."}\`).
Error: \`{"success": false, "error": {"code", "message", "details"?, "retry_after"?}}\`.

**Authentication.** \`Authorization: Bearer <access_token>\` from register/login, or an API key
(\`Authorization: Bearer cdk_...\` or \`X-API-Key: cdk_...\`) created at \`POST /api-keys\`. A \`read\`
key may call GET operations only; key management, logout and password change need an access token.

**Bodies** are JSON (\`Content-Type: application/json\`; a body declared as anything else gets
415 \`UNSUPPORTED_MEDIA_TYPE\`), except uploads, which name their media types. GET routes also answer
HEAD. For older clients the server also reads the camelCase spelling of a snake_case body field
(\`firstName\`) as that field; the schemas describe the snake_case contract only.

**Headers.** Every answer carries \`X-Request-Id\`. Authenticated and rate-limited operations carry
\`RateLimit\` and \`RateLimit-Policy\` (IETF draft) for the window closest to refusing; a 429 carries
\`Retry-After\`; a 401 carries \`WWW-Authenticate\`.`;

const ACCESS_NOTE: Record<Access, string> = {
  public: 'No authentication.',
  user: 'An access token, or an API key (a `read` key for GET operations only).',
  admin: 'An Admin of the tenant: access token or API key.',
  session: 'A signed-in user’s access token; API keys are refused (403 FORBIDDEN).',
};

export function buildOpenApiDocument(routes: readonly RestRoute[], info: OpenApiInfo): OpenApiDocument {
  const components = new SchemaComponents();
  components.schemas.ValidationIssue = {
    type: 'object',
    required: ['path', 'message'],
    properties: {
      path: { type: 'string', description: 'The offending field, dotted ("memory.facts"); empty for the whole input' },
      message: { type: 'string' },
    },
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const [main, ...variants] of groupByPathAndMethod(routes)) {
    const pathItem = (paths[openApiPath(main!.path)] ??= {});
    const operation = describeOperation(main!, components);
    for (const variant of variants) addVariant(operation, variant, components);
    if (variants.length > 0) {
      // One operation answers the errors of all of them.
      const codes = new Set([main!, ...variants].flatMap((route) => errorCodesFor(route)));
      const headers = Object.assign({}, ...[main!, ...variants].map(commonHeaders)) as Record<string, unknown>;
      Object.assign(
        operation.responses as object,
        errorResponses(
          ERROR_CODES.filter((code) => codes.has(code)),
          headers,
          components,
        ),
      );
    }
    pathItem[main!.method.toLowerCase()] = operation;
    if (main!.wildcard && main!.method === 'GET') {
      (paths[openApiPath(withoutWildcard(main!.path))] ??= {}).get = rootOperation(operation, main!.wildcard);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Coditect V5 API',
      version: info.version,
      description: DESCRIPTION,
      contact: { name: 'Coditect', url: 'https://coditect.ai' },
    },
    servers: [{ url: info.basePath }],
    tags: [...new Set(routes.map((route) => tagOf(route)))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components.schemas,
      headers: HEADERS,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An access token (JWT) from register/login/refresh, or an API key `cdk_...`.',
        },
        apiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key `cdk_...`.' },
      },
    },
  };
}

/** `/sessions/:session_id` → `/sessions/{session_id}`; a wildcard `:path*` → `{path}` (documented as one). */
export function openApiPath(shimPath: string): string {
  return shimPath.replace(/:([A-Za-z0-9_]+)\*?/g, '{$1}');
}

/**
 * Routes sharing a method and path (operations told apart by a query selector, `rest.when`) are
 * one OpenAPI operation: the plain route first, its variants after.
 */
function groupByPathAndMethod(routes: readonly RestRoute[]): RestRoute[][] {
  const groups = new Map<string, RestRoute[]>();
  for (const route of routes) {
    const key = `${route.method} ${openApiPath(route.path)}`;
    groups.set(key, [...(groups.get(key) ?? []), route]);
  }
  return [...groups.values()].map((group) =>
    group.sort((a, b) => Number(a.rest.when !== undefined) - Number(b.rest.when !== undefined)),
  );
}

function withoutWildcard(shimPath: string): string {
  return shimPath.replace(/\/:[A-Za-z0-9_]+\*$/, '');
}

/**
 * The same GET at the wildcard's root (`/sessions/{id}/files`): OpenAPI path parameters cannot be
 * empty, so a generated client could not name the workspace root through `{path}`.
 */
function rootOperation(operation: Record<string, unknown>, wildcard: string): Record<string, unknown> {
  const copy = structuredClone(operation);
  copy.operationId = `${String(operation.operationId)}Root`;
  copy.summary = `${String(operation.summary)} — at the workspace root`;
  copy.parameters = (copy.parameters as Array<{ name: string; in: string }>).filter(
    (parameter) => !(parameter.in === 'path' && parameter.name === wildcard),
  );
  return copy;
}

const WILDCARD_NOTE =
  'A workspace-relative path taking the rest of the URL: its segments percent-encoded one by one, the slashes ' +
  'between them kept (`src/app.ts`, `docs/read%20me.md`). The workspace root is the same path without it (`…/files`).';

function tagOf(route: RestRoute): string {
  return route.procedurePath.split('.')[0]!;
}

function operationName(route: RestRoute): string {
  return route.procedurePath.replace(/(^|\.)([a-z])/g, (_match, _dot: string, letter: string) => letter.toUpperCase());
}

function describeOperation(route: RestRoute, components: SchemaComponents): Record<string, unknown> {
  const { meta } = route.operation;
  const { access } = meta;
  const name = operationName(route);
  const input = objectSchemaOf(route, components, name);
  const pathFields = new Set(route.params.map(([, field]) => field));
  if (route.wildcard) pathFields.add(route.wildcard);
  const headerFields = Object.entries(route.rest.headerInputs ?? {});
  const rawBody = route.rest.rawBody;

  const parameters: Array<Record<string, unknown>> = [];
  for (const field of pathFields) {
    const schema = { ...((input.properties[field] as JsonSchema | undefined) ?? { type: 'string' }) };
    delete schema.default;
    parameters.push(
      field === route.wildcard
        ? {
            name: field,
            in: 'path',
            required: true,
            description: WILDCARD_NOTE,
            'x-path-wildcard': true,
            schema,
            example: 'src/parser.ts',
          }
        : { name: field, in: 'path', required: true, schema, example: exampleOf(schema, components.schemas, field) },
    );
  }
  // GET and DELETE carry their other fields in the query, and so does a route whose body is raw.
  const fieldsInQuery = route.method === 'GET' || route.method === 'DELETE' || rawBody !== undefined;
  if (fieldsInQuery) {
    for (const [field, schema] of Object.entries(input.properties)) {
      if (pathFields.has(field) || field === rawBody?.field) continue;
      const isList = (schema as JsonSchema).type === 'array';
      parameters.push({
        name: field,
        in: 'query',
        required: input.required.includes(field),
        schema,
        ...(input.required.includes(field) ? { example: exampleOf(schema as JsonSchema, components.schemas, field) } : {}),
        // The shim takes lists as `a,b` or as repeated keys.
        ...(isList ? { style: 'form', explode: false } : {}),
      });
    }
  }
  for (const [header, field] of headerFields) {
    parameters.push({
      name: header,
      in: 'header',
      required: false,
      description: `Fills \`${field}\` (an entity tag such as "3" or W/"3" is unquoted).`,
      schema: { type: 'string' },
      example: '"3"',
    });
  }

  const operation: Record<string, unknown> = {
    operationId: route.procedurePath,
    'x-trpc-procedure': route.procedurePath,
    tags: [tagOf(route)],
    summary: meta.summary,
    description: ACCESS_NOTE[access],
    security: access === 'public' ? [] : access === 'session' ? [{ bearerAuth: [] }] : [{ bearerAuth: [] }, { apiKeyAuth: [] }],
  };
  if (parameters.length > 0) operation.parameters = parameters;
  if (rawBody) {
    operation.requestBody = {
      required: true,
      content: Object.fromEntries(rawBody.mediaTypes.map((type) => [type, { schema: rawBodySchema(type) }])),
    };
  } else if (!fieldsInQuery && route.operation.input !== undefined) {
    const bodyProperties = Object.fromEntries(Object.entries(input.properties).filter(([field]) => !pathFields.has(field)));
    if (Object.keys(bodyProperties).length > 0) {
      const required = input.required.filter((field) => !pathFields.has(field));
      const body: JsonSchema = { ...input.schema, properties: bodyProperties };
      if (required.length > 0) body.required = required;
      else delete body.required;
      const example = exampleOf(body, components.schemas);
      operation.requestBody = { required: required.length > 0, content: { [JSON_MEDIA]: { schema: body, example } } };
    }
  }
  operation.responses = {
    [String(route.rest.successStatus ?? 200)]: successResponse(route, components, name),
    ...errorResponses(errorCodesFor(route), commonHeaders(route), components),
  };
  return operation;
}

interface ObjectSchema {
  schema: JsonSchema;
  properties: Record<string, unknown>;
  required: string[];
}

/** The input as one JSON object schema (procedures without input have no fields). */
function objectSchemaOf(route: RestRoute, components: SchemaComponents, name: string): ObjectSchema {
  const zodInput = route.operation.input;
  if (!(zodInput instanceof z.ZodType)) return { schema: { type: 'object' }, properties: {}, required: [] };
  const schema = components.convert(zodInput, 'input', `${name}Input`);
  // A defaulted input object carries a root default the body does not need.
  delete schema.default;
  return {
    schema,
    properties: (schema.properties as Record<string, unknown> | undefined) ?? {},
    required: (schema.required as string[] | undefined) ?? [],
  };
}

/** A raw body's schema per media type: multipart files by their path, or the bytes themselves. */
function rawBodySchema(mediaType: string): JsonSchema {
  if (mediaType === 'multipart/form-data') {
    return {
      type: 'object',
      description: 'One part per file, under any field name; each part’s filename is the file’s path below the target folder.',
      additionalProperties: { type: 'string', format: 'binary' },
    };
  }
  return { type: 'string', format: 'binary' };
}

/** The bytes of a streamed answer, per media type, with the headers that go with them. */
function streamedResponse(route: RestRoute, components: SchemaComponents): Record<string, unknown> {
  const streamed = route.rest.streamed!;
  const schemaOf = (type: string): JsonSchema =>
    type === JSON_MEDIA && streamed.json
      ? components.convert(streamed.json, 'output', `${operationName(route)}Document`)
      : { type: 'string', format: 'binary' };
  return {
    description: streamed.description,
    content: Object.fromEntries(streamed.mediaTypes.map((type) => [type, { schema: schemaOf(type) }])),
    headers: {
      ...commonHeaders(route),
      'Content-Disposition': { description: 'Always `attachment`, with the file name', schema: { type: 'string' } },
    },
  };
}

/**
 * Adds an operation served on the same method and path when its query selector is present
 * (`rest.when`): the selector as a query parameter and its answer's media types.
 */
function addVariant(operation: Record<string, unknown>, variant: RestRoute, components: SchemaComponents): void {
  const when = Object.entries(variant.rest.when ?? {});
  const parameters = (operation.parameters as Array<Record<string, unknown>> | undefined) ?? [];
  for (const [name, values] of when) {
    parameters.push({
      name,
      in: 'query',
      required: false,
      description: `Present (${values.map((value) => `\`${value}\``).join(' or ')}): ${variant.operation.meta.summary} (\`${variant.procedurePath}\`).`,
      schema: { type: 'string', enum: [...values] },
    });
  }
  operation.parameters = parameters;
  const responses = operation.responses as Record<string, Record<string, unknown>>;
  const status = String(variant.rest.successStatus ?? 200);
  const variantSuccess = variant.rest.streamed
    ? streamedResponse(variant, components)
    : successResponse(variant, components, operationName(variant));
  const success = (responses[status] ??= { description: 'OK', content: {} });
  success.content = { ...(success.content as object), ...(variantSuccess.content as object) };
  success.headers = { ...(success.headers as object | undefined), ...(variantSuccess.headers as object | undefined) };
  operation['x-variants'] = [
    ...((operation['x-variants'] as unknown[] | undefined) ?? []),
    { when: variant.rest.when, 'x-trpc-procedure': variant.procedurePath, summary: variant.operation.meta.summary },
  ];
}

function successResponse(route: RestRoute, components: SchemaComponents, name: string): Record<string, unknown> {
  if (route.rest.streamed) return streamedResponse(route, components);
  const { output } = route.operation;
  let envelope: JsonSchema;
  if (route.rest.envelope === 'message') {
    envelope = {
      type: 'object',
      required: ['success', 'message'],
      properties: { success: { const: true }, message: { type: 'string' } },
    };
  } else {
    const data = output instanceof z.ZodType ? components.convert(output, 'output', `${name}Output`) : {};
    envelope = { type: 'object', required: ['success', 'data'], properties: { success: { const: true }, data } };
  }
  const response: Record<string, unknown> = {
    description: route.rest.successStatus === 201 ? 'Created' : route.rest.successStatus === 202 ? 'Accepted' : 'OK',
    content: { [JSON_MEDIA]: { schema: envelope } },
    headers: commonHeaders(route),
  };
  if (route.rest.eventStream) {
    response.description = `OK. ${route.rest.eventStream.description}`;
    response.content = { ...(response.content as object), 'text/event-stream': { schema: { type: 'string' } } };
  }
  if (route.rest.etagField) {
    response.headers = {
      ...commonHeaders(route),
      ETag: {
        description: `\`${route.rest.etagField}\` as an entity tag; send it back in If-Match to update only that version.`,
        schema: { type: 'string' },
      },
    };
  }
  return response;
}

const HEADERS = {
  'X-Request-Id': { description: 'This request’s id, also in the server’s logs and the audit trail', schema: { type: 'string' } },
  RateLimit: {
    description: 'The window closest to refusing: `"<name>";r=<calls left>;t=<seconds until it starts over>`',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': {
    description: 'That window’s policy: `"<name>";q=<quota>;w=<window in seconds>`',
    schema: { type: 'string' },
  },
  'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 0 } },
  'WWW-Authenticate': {
    description: 'The bearer challenge (RFC 6750); `error="invalid_token"` when the credential sent was refused',
    schema: { type: 'string' },
  },
} as const;

const headerRef = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

/** The headers every answer of `route` carries (rate-limit ones where its calls are counted). */
function commonHeaders(route: RestRoute): Record<string, unknown> {
  const limited = route.operation.meta.access !== 'public' || route.operation.meta.rateLimit !== undefined;
  return limited
    ? {
        'X-Request-Id': headerRef('X-Request-Id'),
        RateLimit: headerRef('RateLimit'),
        'RateLimit-Policy': headerRef('RateLimit-Policy'),
      }
    : { 'X-Request-Id': headerRef('X-Request-Id') };
}

/** `SESSION_NOT_FOUND` → `SessionNotFound`. */
function pascalCase(code: string): string {
  return code.toLowerCase().replace(/(^|_)([a-z])/g, (_match, _underscore: string, letter: string) => letter.toUpperCase());
}

/**
 * One named envelope per set of codes a status can carry (`RateLimitExceededError`,
 * `UnauthorizedOrTokenExpiredError`), so generated clients get a handful of error types.
 */
function errorResponses(
  codes: readonly ErrorCode[],
  headers: Record<string, unknown>,
  components: SchemaComponents,
): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, statusCodes] of errorCodesByStatus(codes)) {
    const error: JsonSchema = {
      type: 'object',
      required: status === 429 ? ['code', 'message', 'retry_after'] : ['code', 'message'],
      properties: {
        code: { type: 'string', enum: statusCodes },
        message: { type: 'string' },
        ...(status === 400
          ? { details: { type: 'array', items: { $ref: '#/components/schemas/ValidationIssue' } } }
          : { details: { description: 'More about the error, when there is more to say' } }),
        ...(status === 429 ? { retry_after: { type: 'integer', minimum: 0, description: 'Seconds to wait' } } : {}),
      },
    };
    const name = `${statusCodes.map((code) => pascalCase(code).replace(/Error$/, '')).join('Or')}Error`;
    components.schemas[name] = {
      type: 'object',
      required: ['success', 'error'],
      properties: { success: { const: false }, error },
    };
    const response: Record<string, unknown> = {
      description: statusCodes.join(', '),
      content: { [JSON_MEDIA]: { schema: { $ref: `#/components/schemas/${name}` } } },
    };
    response.headers = {
      ...headers,
      ...(status === 429 ? { 'Retry-After': headerRef('Retry-After') } : {}),
      ...(status === 401 ? { 'WWW-Authenticate': headerRef('WWW-Authenticate') } : {}),
    };
    responses[String(status)] = response;
  }
  return responses;
}
