import { z } from 'zod';
import type { Config } from '../../config.ts';
import { ERROR_CATALOGUE } from '../../shared/errors.ts';
import { SchemaCollector, type JsonSchema } from './json-schema.ts';
import { operations, type Access, type OperationSpec } from './operations.ts';

const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CATALOGUE) as [string, ...string[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error, with a stable `code` (docs/api.md).' });

const ACCESS_TEXT: Record<Access, string> = {
  public: 'No authentication.',
  staff: 'Agents and admins (bearer token).',
  admin: 'Admins only (bearer token).',
  metrics: 'Open, or a bearer `METRICS_TOKEN` when that is set.',
};

/** Express `/api/contacts/:id` → OpenAPI `/api/contacts/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

function parametersOf(spec: OperationSpec, collector: SchemaCollector): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const match of spec.path.matchAll(/:([A-Za-z_]\w*)/g)) {
    parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  if (spec.query !== undefined) {
    const object = collector.convert(spec.query) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(object.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: object.required?.includes(name) ?? false,
        schema,
      });
    }
  }
  for (const header of spec.headers ?? []) parameters.push({ in: 'header', ...header });
  return parameters;
}

function responsesOf(spec: OperationSpec, collector: SchemaCollector): JsonSchema {
  const ok = spec.success ?? { status: 200, description: 'OK' };
  const content =
    ok.contentType === undefined || ok.contentType === 'application/json'
      ? {
          'application/json': {
            schema: ok.schema === undefined ? {} : collector.convert(ok.schema, 'output'),
          },
        }
      : { [ok.contentType]: { schema: { type: 'string' } } };
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const responses: JsonSchema = {
    [String(ok.status)]:
      ok.status === 204 ? { description: ok.description } : { description: ok.description, content },
  };
  if (spec.access === 'staff' || spec.access === 'admin') {
    responses['401'] = error('UNAUTHENTICATED, INVALID_TOKEN or TOKEN_EXPIRED');
    responses['403'] = error('FORBIDDEN: the role may not use this route');
  }
  if (
    spec.query !== undefined ||
    spec.body !== undefined ||
    spec.rawBody !== undefined ||
    spec.path.includes(':')
  ) {
    responses['400'] = error('VALIDATION_FAILED (with `details.issues`), INVALID_ID, MALFORMED_JSON');
  }
  for (const [status, description] of Object.entries(spec.errors ?? {})) {
    responses[status] = error(description);
  }
  return responses;
}

/**
 * The OpenAPI 3.1 document of every route the application mounts, generated from the zod schemas the routes
 * validate with (test/crm/openapi.test.ts checks it against the router stack and the OpenAPI schema).
 */
export function buildOpenApiDocument(config: Pick<Config, 'messageMaxLength' | 'reportsTimeZone'>) {
  const collector = new SchemaCollector();
  collector.convert(errorBody, 'output');
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of operations(config)) {
    const path = openApiPath(spec.path);
    const operation: JsonSchema = {
      operationId: spec.id,
      summary: spec.summary,
      description: [spec.description, ACCESS_TEXT[spec.access]].filter(Boolean).join('\n\n'),
      tags: [spec.tag],
      parameters: parametersOf(spec, collector),
      responses: responsesOf(spec, collector),
    };
    if (spec.access === 'staff' || spec.access === 'admin') operation.security = [{ bearer: [] }];
    if (spec.access === 'metrics') operation.security = [{}, { bearer: [] }];
    if (spec.body !== undefined) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: collector.convert(spec.body) } },
      };
    }
    if (spec.rawBody !== undefined) {
      operation.requestBody = {
        required: true,
        description: spec.rawBody.description,
        content: { [spec.rawBody.contentType]: { schema: { type: 'string' } } },
      };
    }
    paths[path] ??= {};
    paths[path][spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Concierge API',
      version: '1',
      description:
        'Customer-service chat for online shops: CRM records, tickets, reports and the write API a shop backend syncs. ' +
        'Errors always have the shape of the `Error` schema. See docs/api.md in the repository.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(operations(config).map((spec) => spec.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A staff token from POST /api/auth/login.',
        },
      },
    },
  };
}
