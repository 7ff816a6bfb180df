// The operations `make scaffold` works from: the generator's spec model of the bundled spec
// (generated/openapi.json), with the type names the generator gives each operation's request
// and response, so scaffold and generated/operations.ts cannot disagree on either.
import { typeName } from '../generator/render-operations.js';
import { readOperations } from '../generator/spec-model.js';

export interface ScaffoldResponse {
  /** As in the operations table: `200`, `4XX`, `default`. */
  status: string;
  /** The first sentence of the response's description, when it has one. */
  description: string | undefined;
}

export interface ScaffoldOperation {
  /** The key in `Handlers` and in the operations table (the operationId when it is an identifier). */
  id: string;
  operationId: string;
  method: string;
  path: string;
  summary: string | undefined;
  /** `CreateWidgetRequest`: generic in the principal type. */
  requestType: string;
  /** `CreateWidgetResponse`: the union of the documented responses. */
  responseType: string;
  responses: ScaffoldResponse[];
}

/** Pure: the bundled document in, its operations (in the operations table's order) out. */
export function readScaffoldOperations(document: object): ScaffoldOperation[] {
  return readOperations(document).operations.map((operation) => ({
    id: operation.identifier,
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
    summary: operation.summary,
    requestType: typeName(operation, 'Request'),
    responseType: typeName(operation, 'Response'),
    responses: operation.responses.map((response) => ({
      status: response.kind === 'range' ? response.key.toUpperCase() : response.key,
      description: firstSentence(response.description),
    })),
  }));
}

/** "Tags in use. Most used first." -> "Tags in use." (one line, for a test name). */
export function firstSentence(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const line = text.replace(/\s+/g, ' ').trim();
  const end = line.search(/[.!?](\s|$)/);
  const sentence = end === -1 ? line : line.slice(0, end + 1);
  return sentence === '' ? undefined : sentence;
}
