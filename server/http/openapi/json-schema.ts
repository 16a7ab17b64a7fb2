import { createHash } from 'node:crypto';
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * Turns the zod schemas the routes validate with into OpenAPI 3.1 schemas (JSON Schema 2020-12). Named
 * schemas (`.meta({ id })`) and recursive ones become `components.schemas` entries shared by every operation.
 */
export class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  /** `input`: what a client sends (before defaults and transforms); `output`: what the server answers. */
  convert(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
    const result = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
      override: (context) => {
        // Dates travel as ISO 8601 strings (z.coerce.date() accepts them; JSON answers carry them).
        if (context.zodSchema._zod.def.type === 'date') {
          context.jsonSchema.type = 'string';
          context.jsonSchema.format = 'date-time';
        }
      },
    }) as JsonSchema;
    const defs = (result.$defs ?? {}) as Record<string, JsonSchema>;
    delete result.$defs;
    delete result.$schema;
    const names = new Map<string, string>();
    for (const [name, def] of Object.entries(defs)) {
      // zod names unnamed shared schemas `__schema0`, `__schema1`… per call: a content hash keeps them apart.
      const hash = createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 8);
      names.set(name, name.startsWith('__schema') ? `Shared_${hash}` : name);
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => {
          if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
            const name = inner.slice('#/$defs/'.length);
            return [key, `#/components/schemas/${names.get(name) ?? name}`];
          }
          return [key, rewrite(inner)];
        }),
      );
    };
    for (const [name, def] of Object.entries(defs)) {
      this.components[names.get(name)!] = rewrite(def) as JsonSchema;
    }
    return rewrite(result) as JsonSchema;
  }
}
