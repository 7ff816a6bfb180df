// The contract harness: a Supertest client whose every response is checked against the spec
// before the test sees it, and recorded as (operationId, status) for the coverage gate.
import type { Server } from 'node:http';
import supertest from 'supertest';
import type { Response, Test } from 'supertest';
import { recordExercised } from './coverage.js';
import { ResponseValidator } from './response-validator.js';
import { loadSpec, matchOperation, operationsOf, type Json } from './spec.js';

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

export interface ContractClient {
  get(url: string): Test;
  post(url: string): Test;
  put(url: string): Test;
  patch(url: string): Test;
  delete(url: string): Test;
  head(url: string): Test;
  options(url: string): Test;
}

export interface ContractOptions {
  /** Record exercised pairs for the coverage gate (off for tests of the harness itself). */
  record?: boolean;
  /** The bundled spec to hold responses to; Conduit's (generated/openapi.json) by default. */
  spec?: Json;
  /** Told every conforming (operationId, status), instead of the gate's record (another API). */
  onExercised?: (operationId: string, status: number) => void;
}

const PROBLEM_POINTER = '#/components/schemas/Problem';

/** Supertest keeps the raw bytes; JSON is parsed by the validator, not by superagent. */
function rawText(res: Response, done: (error: Error | null, body: string) => void) {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  stream.on('error', (error: Error) => done(error, ''));
}

export function contractClient(server: Server, options: ContractOptions = {}): ContractClient {
  const spec = options.spec ?? loadSpec();
  const operations = operationsOf(spec);
  const validator = new ResponseValidator(spec);
  const agent = supertest(server);

  const check = (method: Method, url: string) => (res: Response) => {
    const raw = { status: res.status, headers: res.headers, text: res.body as string };
    // Make the parsed body available to the test as usual.
    res.body = parseJson(raw.text, String(res.headers['content-type']));
    const operation = matchOperation(operations, method, url);
    const failures = operation
      ? validator.validate(operation, raw)
      : validator.validateProblem(PROBLEM_POINTER, raw);
    if (isProblem(res) && res.body.instance !== url.split('?')[0]) {
      failures.push(`problem instance ${String(res.body.instance)} is not the request path`);
    }
    if (failures.length > 0) {
      const where = operation
        ? `${operation.operationId} (${method.toUpperCase()} ${url})`
        : `${method.toUpperCase()} ${url}`;
      throw new ContractViolation(
        `Response ${res.status} of ${where} breaks the spec:\n- ${failures.join('\n- ')}\nbody: ${raw.text.slice(0, 500)}`,
      );
    }
    if (!operation) return;
    if (options.onExercised) options.onExercised(operation.operationId, res.status);
    else if (options.record !== false) recordExercised(operation.operationId, res.status);
  };

  const make = (method: Method) => (url: string) =>
    agent[method](url).buffer(true).parse(rawText).expect(check(method, url));

  return {
    get: make('get'),
    post: make('post'),
    put: make('put'),
    patch: make('patch'),
    delete: make('delete'),
    head: make('head'),
    options: make('options'),
  };
}

function parseJson(text: string, contentType: string): unknown {
  if (!text || !/json/.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text; // the validator reports it
  }
}

function isProblem(res: Response): res is Response & { body: { instance?: unknown } } {
  return /application\/problem\+json/.test(String(res.headers['content-type']));
}
