// Which documented answer a mock gives a request, the way Prism picks one: the lowest 2xx by
// default; `Prefer: code=<status>` and `Prefer: example=<name>` choose another (RFC 7240
// preferences, as Prism reads them). The body is the chosen example, else the media type's
// example, else one generated from the schema; documented headers come the same way.
import { asObject, getPointer, resolveRefs } from './json-pointer.js';
import { sampleSchema } from './mock-schema-sample.js';

type Json = Record<string, unknown>;

export interface MockAnswer {
  status: number;
  contentType?: string;
  body?: unknown;
  headers: Record<string, string>;
}

export interface Preferences {
  code?: string;
  example?: string;
}

/** `code=404, example=gone` (commas or semicolons, any spacing; quotes allowed) -> preferences. */
export function readPrefer(header: string | undefined): Preferences {
  const preferences: Preferences = {};
  for (const part of (header ?? '').split(/[,;]/)) {
    const match = /^\s*(code|example)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    if (!match) continue;
    const key = match[1]!.toLowerCase() as keyof Preferences;
    preferences[key] = match[2]!.trim();
  }
  return preferences;
}

/** The answer for the operation at `pointer`; `{ error }` when the preferences cannot be met. */
export function mockAnswer(
  document: object,
  pointer: string,
  prefer: string | undefined,
): MockAnswer | { error: string } {
  const operation = resolveRefs(document, getPointer(document, pointer)) ?? {};
  const responses = asObject(operation.responses) ?? {};
  const keys = Object.keys(responses).filter((key) => !key.startsWith('x-'));
  const wanted = readPrefer(prefer);

  let key: string | undefined;
  let status: number;
  if (wanted.code !== undefined) {
    if (!/^[1-5]\d\d$/.test(wanted.code))
      return { error: `Prefer code=${wanted.code} is not a status.` };
    key = documentedKey(keys, wanted.code);
    if (key === undefined) {
      return { error: `Status ${wanted.code} is not documented (documented: ${keys.join(', ')}).` };
    }
    status = Number(wanted.code);
  } else if (wanted.example !== undefined) {
    key = keyWithExample(document, responses, keys, wanted.example);
    if (key === undefined)
      return { error: `No response has an example named '${wanted.example}'.` };
    status = statusOf(key);
  } else {
    key = defaultKey(keys);
    status = key === undefined ? 200 : statusOf(key);
  }
  const response = key === undefined ? {} : (resolveRefs(document, responses[key]) ?? {});
  const answer: MockAnswer = { status, headers: headersOf(document, response) };
  const content = asObject(response.content) ?? {};
  const contentType = pickMediaType(Object.keys(content));
  if (contentType === undefined) return answer;
  const media = resolveRefs(document, content[contentType]) ?? {};
  const body = bodyOf(document, media, wanted.example);
  if ('error' in body) return body;
  return { ...answer, contentType, body: body.value };
}

/** `404` when documented, else its range (`4XX`), else `default`. */
function documentedKey(keys: string[], code: string): string | undefined {
  return (
    keys.find((key) => key === code) ??
    keys.find((key) => key.toUpperCase() === `${code[0]}XX`) ??
    keys.find((key) => key === 'default')
  );
}

/** The lowest documented 2xx, else the lowest status, else a range or `default`. */
function defaultKey(keys: string[]): string | undefined {
  const ordered = [...keys].sort((a, b) => order(a) - order(b));
  return ordered.find((key) => key.startsWith('2')) ?? ordered[0];
}

function order(key: string): number {
  if (/^\d+$/.test(key)) return Number(key);
  if (/^[1-5]XX$/i.test(key)) return Number(key[0]) * 100 + 99.5;
  return 1000;
}

/** The status a key answers: itself, the first of its range, or 200 for `default`. */
function statusOf(key: string): number {
  if (/^\d+$/.test(key)) return Number(key);
  if (/^[1-5]XX$/i.test(key)) return Number(key[0]) * 100;
  return 200;
}

/** The documented response whose media types name this example: 2xx first, then the rest. */
function keyWithExample(document: object, responses: Json, keys: string[], name: string) {
  const ordered = [...keys].sort(
    (a, b) => Number(!a.startsWith('2')) - Number(!b.startsWith('2')) || order(a) - order(b),
  );
  return ordered.find((key) => {
    const content = asObject(resolveRefs(document, responses[key])?.content) ?? {};
    return Object.values(content).some((media) =>
      Object.hasOwn(asObject(resolveRefs(document, media)?.examples) ?? {}, name),
    );
  });
}

/** JSON first (what clients parse), then any `+json` type, then what the spec lists first. */
function pickMediaType(types: string[]): string | undefined {
  return (
    types.find((type) => type === 'application/json') ??
    types.find((type) => /\+json$/.test(type)) ??
    types[0]
  );
}

function bodyOf(
  document: object,
  media: Json,
  example: string | undefined,
): { value: unknown } | { error: string } {
  const examples = asObject(media.examples) ?? {};
  if (example !== undefined) {
    if (!Object.hasOwn(examples, example)) {
      return { error: `This response has no example named '${example}'.` };
    }
    return { value: resolveRefs(document, examples[example])?.value };
  }
  if ('example' in media) return { value: media.example };
  const first = Object.values(examples)[0];
  if (first !== undefined) return { value: resolveRefs(document, first)?.value };
  return { value: sampleSchema(document, media.schema) };
}

/** Every documented header but Content-Type (OpenAPI ignores it), as the text it is sent as. */
function headersOf(document: object, response: Json): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(asObject(response.headers) ?? {})) {
    if (name.toLowerCase() === 'content-type') continue;
    const header = resolveRefs(document, raw) ?? {};
    const value = 'example' in header ? header.example : sampleSchema(document, header.schema);
    headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return headers;
}
