/**
 * Two ajv instances: query strings and params are coerced ("5" -> 5) since
 * they only ever arrive as text; JSON bodies are not, so `"price": "5"` is a
 * 400 and an unknown field is a 400 rather than silently dropped.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function make(opts: Options): Ajv {
  return addFormats(new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, strict: false, ...opts }));
}

export function installValidators(app: FastifyInstance): void {
  const strict = make({ coerceTypes: false });
  const coercing = make({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );
}
