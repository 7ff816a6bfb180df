// Request validation from the spec's JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12), and the
// translation of schema errors into Conduit's `{"errors": {"<field>": ["<message>"]}}`.
import { Ajv2020, type ErrorObject, type Options } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldErrors } from './problems.js';

function createAjv(options: Options): Ajv2020 {
  const ajv = new Ajv2020({
    // OpenAPI adds annotation keywords (example, xml, discriminator...) that JSON Schema lacks;
    // the spec linter checks the schemas, so Ajv need not reject unknown keywords.
    strict: false,
    allErrors: true,
    // `data` on each error lets us tell a blank value from a malformed one.
    verbose: true,
    ...options,
  });
  addFormats.default(ajv);
  ajv.addFormat('password', true);
  return ajv;
}

// Bodies are JSON and must already have the right types; parameters arrive as strings and are
// coerced to their declared types.
const bodyAjv = createAjv({ coerceTypes: false, useDefaults: true, removeAdditional: false });
const parameterAjv = createAjv({
  coerceTypes: 'array',
  useDefaults: true,
  removeAdditional: false,
});

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : parameterAjv;
  return ajv.compile(httpPart === 'headers' ? lowerCaseHeaders(schema) : schema);
};

/**
 * Node lower-cases the names of incoming headers, and the spec's are written as they are sent
 * (`Idempotency-Key`). Fastify lower-cases a headers schema itself only with its own compiler,
 * so with this one the names are lower-cased here, or no header would ever be checked.
 */
function lowerCaseHeaders(schema: object): object {
  const { properties, required, ...rest } = schema as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return {
    ...rest,
    ...(properties && {
      properties: Object.fromEntries(
        Object.entries(properties).map(([name, value]) => [name.toLowerCase(), value]),
      ),
    }),
    ...(required && { required: required.map((name) => name.toLowerCase()) }),
  };
}

/** Turns Ajv errors into Conduit field errors, one entry per field. */
export function toFieldErrors(errors: readonly ErrorObject[], rootName = 'body'): FieldErrors {
  const result: FieldErrors = {};
  for (const error of errors) {
    const field = fieldOf(error) ?? rootName;
    const message = messageFor(error);
    const messages = (result[field] ??= []);
    if (!messages.includes(message)) messages.push(message);
  }
  return result;
}

function fieldOf(error: ErrorObject): string | undefined {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  // Array items report on their array: tagList/0 -> tagList.
  const segments = error.instancePath.split('/').filter((s) => s !== '' && !/^\d+$/.test(s));
  const last = segments.at(-1);
  return last === undefined ? undefined : last.replace(/~1/g, '/').replace(/~0/g, '~');
}

function messageFor(error: ErrorObject): string {
  const blank =
    error.data === undefined ||
    error.data === null ||
    (typeof error.data === 'string' && error.data.trim() === '');
  switch (error.keyword) {
    case 'required':
      return "can't be blank";
    case 'minLength':
      return blank
        ? "can't be blank"
        : `is too short (minimum is ${error.params.limit} characters)`;
    case 'maxLength':
      return `is too long (maximum is ${error.params.limit} characters)`;
    case 'type':
      return blank ? "can't be blank" : `must be ${article(String(error.params.type))}`;
    case 'format':
    case 'pattern':
      return blank ? "can't be blank" : 'is invalid';
    case 'minProperties': {
      const properties = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      return properties.length > 0
        ? `must have at least one of ${properties.join(', ')}`
        : 'must have at least one member';
    }
    case 'minimum':
      return `must be greater than or equal to ${error.params.limit}`;
    case 'maximum':
      return `must be less than or equal to ${error.params.limit}`;
    case 'maxItems':
      return `must have at most ${error.params.limit} items`;
    case 'uniqueItems':
      return 'must not contain duplicates';
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return `has unknown member ${String(error.params.additionalProperty)}`;
    default:
      return 'is invalid';
  }
}

function article(types: string): string {
  const names = types
    .split(',')
    .map((t) => (t === 'null' ? 'null' : `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`));
  return names.join(' or ');
}
