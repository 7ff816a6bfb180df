// Checks a raw HTTP response against the bundled spec: the status is documented for the
// operation, the Content-Type is a documented media type, documented headers are present and
// valid, and the body, parsed from the raw bytes, validates against its schema.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { deref, escapePointer, type Json, type SpecOperation } from './spec.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const SPEC_ID = 'https://spec.local/openapi.json';

/**
 * Responses must not carry members the spec does not define: every object schema that lists
 * its properties and says nothing about others is closed for validation here. (The spec stays
 * open so clients tolerate additions; this server may not send undocumented data.)
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Json = {};
  for (const [key, value] of Object.entries(node)) copy[key] = closeObjects(value);
  const isOpenObjectSchema =
    typeof copy.properties === 'object' &&
    !('additionalProperties' in copy) &&
    !('unevaluatedProperties' in copy) &&
    !('$ref' in copy);
  if (isOpenObjectSchema) copy.unevaluatedProperties = false;
  return copy;
}

export class ResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly spec: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(this.ajv);
    this.ajv.addFormat('password', true);
    this.ajv.addSchema({ ...(closeObjects(spec) as Json), $id: SPEC_ID });
  }

  /** Returns every way the response breaks the spec; empty when it conforms. */
  validate(operation: SpecOperation, response: RawResponse): string[] {
    const responses = (operation.operation.responses ?? {}) as Json;
    const statusKey = documentedStatusKey(responses, response.status);
    if (statusKey === undefined) {
      return [
        `status ${response.status} is not documented (documented: ${Object.keys(responses).join(', ')})`,
      ];
    }
    const { value: documented, pointer } = deref(
      this.spec,
      responses[statusKey],
      `${operation.pointer}/responses/${statusKey}`,
    );
    return [
      ...this.checkHeaders(documented, pointer, response),
      ...this.checkBody(documented, pointer, response),
    ];
  }

  /** For requests no operation serves (unknown route, wrong method): a problem document. */
  validateProblem(schemaPointer: string, response: RawResponse): string[] {
    const header = response.headers['content-type'];
    const mediaType = (Array.isArray(header) ? header[0] : header)?.split(';')[0]?.trim();
    if (response.status < 400)
      return [`status ${response.status} for a request no operation serves`];
    if (mediaType !== 'application/problem+json') {
      return [`Content-Type ${mediaType ?? '(none)'} is not application/problem+json`];
    }
    try {
      return this.run(schemaPointer, JSON.parse(response.text)).map((e) => `body ${e}`);
    } catch {
      return [`body is not valid JSON: ${response.text.slice(0, 80)}`];
    }
  }

  private checkHeaders(documented: Json, pointer: string, response: RawResponse): string[] {
    const failures: string[] = [];
    for (const [name, header] of Object.entries((documented.headers ?? {}) as Json)) {
      const { value: spec, pointer: headerPointer } = deref(
        this.spec,
        header,
        `${pointer}/headers/${escapePointer(name)}`,
      );
      const raw = response.headers[name.toLowerCase()];
      if (raw === undefined) {
        if (spec.required === true) failures.push(`required header ${name} is missing`);
        continue;
      }
      if (spec.schema) {
        const text = Array.isArray(raw) ? raw.join(', ') : raw;
        // Headers are text on the wire; a numeric schema describes the number it spells.
        const numeric = ['integer', 'number'].includes(String((spec.schema as Json).type));
        const value = numeric && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
        const errors = this.run(`${headerPointer}/schema`, value);
        failures.push(...errors.map((e) => `header ${name} ${e}`));
      }
    }
    return failures;
  }

  private checkBody(documented: Json, pointer: string, response: RawResponse): string[] {
    const content = (documented.content ?? {}) as Json;
    const mediaTypes = Object.keys(content);
    const header = response.headers['content-type'];
    const mediaType = (Array.isArray(header) ? header[0] : header)
      ?.split(';')[0]
      ?.trim()
      .toLowerCase();
    if (mediaTypes.length === 0) {
      return response.text.length > 0
        ? [`status ${response.status} documents no body but one was sent`]
        : [];
    }
    if (mediaType === undefined || !mediaTypes.includes(mediaType)) {
      return [
        `Content-Type ${mediaType ?? '(none)'} is not documented (documented: ${mediaTypes.join(', ')})`,
      ];
    }
    if (!(content[mediaType] as Json).schema) return [];
    // Only JSON media types are parsed; a text body is validated as the string it is.
    let body: unknown = response.text;
    try {
      if (/[/+]json$/.test(mediaType)) body = JSON.parse(response.text);
    } catch {
      return [`body is not valid JSON: ${response.text.slice(0, 80)}`];
    }
    return this.run(`${pointer}/content/${escapePointer(mediaType)}/schema`, body).map(
      (e) => `body ${e}`,
    );
  }

  private run(pointer: string, data: unknown): string[] {
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
      this.cache.set(pointer, validate);
    }
    if (validate(data)) return [];
    return (validate.errors ?? []).map((error) => {
      const where = error.instancePath || '(root)';
      const extra =
        error.keyword === 'unevaluatedProperties'
          ? ` (${String(error.params.unevaluatedProperty)})`
          : '';
      return `${where} ${error.message ?? error.keyword}${extra}`;
    });
  }
}

/** The key under `responses` that documents this status: exact, then range (4XX), then default. */
export function documentedStatusKey(responses: Json, status: number): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  if (range in responses) return range;
  return 'default' in responses ? 'default' : undefined;
}
