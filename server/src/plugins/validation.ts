/**
 * Two ajv instances: query strings and params are coerced ("5" -> 5) since
 * they only ever arrive as text; JSON bodies are not, so `"price": "5"` is a
 * 400 and an unknown field is a 400 rather than silently dropped.
 *
 * Every validator also refuses control characters in any string or key of
 * the validated part, whatever its schema says (including free-form
 * objects), so the rule holds wherever schemas are defined.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from '../lib/control-chars.ts';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function make(opts: Options): Ajv {
  return addFormats(new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, strict: false, ...opts }));
}

type Validator = ((data: unknown, ctx?: unknown) => boolean | { error: ErrorObject[] }) & { schemaEnv?: unknown };

/** The ajv validator, then the control-character check on what it accepted (after coercion and defaults). */
function withoutControlCharacters(validate: ValidateFunction): Validator {
  const guarded: Validator = (data, ctx) => {
    if (!validate(data, ctx as never)) return { error: validate.errors ?? [] };
    const at = findControlCharacter(data);
    if (!at) return true;
    const error: ErrorObject = {
      instancePath: at.path ? `/${at.path}` : '',
      schemaPath: '#',
      keyword: 'controlCharacters',
      params: {},
      message: at.inKey ? `${CONTROL_CHARACTER_MESSAGE} in its keys` : CONTROL_CHARACTER_MESSAGE,
    };
    return { error: [error] };
  };
  // Fastify passes the parent data (so ajv may coerce the root) only to validators that carry schemaEnv.
  guarded.schemaEnv = validate.schemaEnv;
  return guarded;
}

export function installValidators(app: FastifyInstance): void {
  const strict = make({ coerceTypes: false });
  const coercing = make({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    withoutControlCharacters(httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema)),
  );
}
