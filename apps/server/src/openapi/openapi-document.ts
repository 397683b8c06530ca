// The OpenAPI 3.1 document of the REST shim, generated from the same route table (procedure meta)
// and zod schemas the shim runs on: a route exists in the document exactly when the shim serves it.
import { z } from 'zod';
import type { Access, ErrorCode } from '@coditect/api';
import type { RestRoute } from '../rest/route-table';
import { errorCodesByStatus, errorCodesFor } from './route-error-codes';
import { SchemaComponents, type JsonSchema } from './schema-components';

export interface OpenApiInfo {
  version: string;
  /** Where the shim is mounted, e.g. /api/v5. */
  basePath: string;
}

type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const JSON_MEDIA = 'application/json';

const DESCRIPTION = `The Coditect V5 REST API. Every operation is also a tRPC procedure (named in
\`x-trpc-procedure\`) served at \`/trpc\` with the same schemas.

**Envelope.** Success: \`{"success": true, "data": ...}\` (or \`{"success": true, "message": "..."}\`).
Error: \`{"success": false, "error": {"code", "message", "details"?, "retry_after"?}}\`.

**Authentication.** \`Authorization: Bearer <access_token>\` from register/login, or an API key
(\`Authorization: Bearer cdk_...\` or \`X-API-Key: cdk_...\`) created at \`POST /api-keys\`. A \`read\`
key may call GET operations only; key management, logout and password change need an access token.

**Compatibility.** Request bodies also accept the camelCase spelling of snake_case fields
(\`firstName\`, \`workspacePath\`).`;

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
  for (const route of routes) {
    const pathItem = (paths[openApiPath(route.path)] ??= {});
    pathItem[route.method.toLowerCase()] = describeOperation(route, components);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Coditect V5 API', version: info.version, description: DESCRIPTION },
    servers: [{ url: info.basePath }],
    tags: [...new Set(routes.map((route) => tagOf(route)))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components.schemas,
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

/** `/sessions/:session_id` → `/sessions/{session_id}` */
export function openApiPath(shimPath: string): string {
  return shimPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

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
  const headerFields = Object.entries(route.rest.headerInputs ?? {});

  const parameters: Array<Record<string, unknown>> = [];
  for (const field of pathFields) {
    parameters.push({ name: field, in: 'path', required: true, schema: input.properties[field] ?? { type: 'string' } });
  }
  if (route.method === 'GET') {
    for (const [field, schema] of Object.entries(input.properties)) {
      if (pathFields.has(field)) continue;
      const isList = (schema as JsonSchema).type === 'array';
      parameters.push({
        name: field,
        in: 'query',
        required: input.required.includes(field),
        schema,
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
  if (route.method !== 'GET' && route.operation.input !== undefined) {
    const bodyProperties = Object.fromEntries(Object.entries(input.properties).filter(([field]) => !pathFields.has(field)));
    if (Object.keys(bodyProperties).length > 0) {
      const required = input.required.filter((field) => !pathFields.has(field));
      const body: JsonSchema = { ...input.schema, properties: bodyProperties };
      if (required.length > 0) body.required = required;
      else delete body.required;
      operation.requestBody = { required: required.length > 0, content: { [JSON_MEDIA]: { schema: body } } };
    }
  }
  operation.responses = {
    [String(route.rest.successStatus ?? 200)]: successResponse(route, components, name),
    ...errorResponses(errorCodesFor(route)),
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

function successResponse(route: RestRoute, components: SchemaComponents, name: string): Record<string, unknown> {
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
    description: route.rest.successStatus === 201 ? 'Created' : 'OK',
    content: { [JSON_MEDIA]: { schema: envelope } },
  };
  if (route.rest.etagField) {
    response.headers = {
      ETag: {
        description: `\`${route.rest.etagField}\` as an entity tag; send it back in If-Match to update only that version.`,
        schema: { type: 'string' },
      },
    };
  }
  return response;
}

function errorResponses(codes: readonly ErrorCode[]): Record<string, unknown> {
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
    const response: Record<string, unknown> = {
      description: statusCodes.join(', '),
      content: {
        [JSON_MEDIA]: {
          schema: { type: 'object', required: ['success', 'error'], properties: { success: { const: false }, error } },
        },
      },
    };
    if (status === 429) {
      response.headers = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };
    }
    responses[String(status)] = response;
  }
  return responses;
}
