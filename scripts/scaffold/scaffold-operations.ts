// The operations `make scaffold` works from, read from generated/operations.ts with the
// TypeScript parser: the `operations` table gives each operation's key, method, path and
// documented statuses; the `Handlers` interface gives the request and response type names the
// generator chose. generated/openapi.json only adds words (summary, response descriptions).
import ts from 'typescript';
import { asObject, resolveRefs } from '../generator/json-pointer.js';

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

/** Pure: the text of generated/operations.ts and the bundled document in, operations out. */
export function readScaffoldOperations(
  operationsSource: string,
  document: unknown,
): ScaffoldOperation[] {
  const file = ts.createSourceFile('operations.ts', operationsSource, ts.ScriptTarget.Latest);
  const table = operationsTable(file);
  const types = handlerTypes(file);
  return table.properties.map((property) => {
    const id = memberName(property);
    const entry = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
    if (id === undefined || !entry || !ts.isObjectLiteralExpression(entry)) {
      throw new Error(`generated/operations.ts: unexpected entry in the operations table`);
    }
    const signature = types.get(id);
    if (!signature) throw new Error(`generated/operations.ts: Handlers has no member ${id}`);
    const operationId = stringField(entry, 'operationId') ?? id;
    const method = stringField(entry, 'method') ?? '';
    const path = stringField(entry, 'path') ?? '';
    const spec = resolveRefs(document, asObject(asObject(document)?.['paths'])?.[path]);
    const operation = asObject(spec?.[method.toLowerCase()]);
    const specResponses = asObject(operation?.['responses']);
    const statuses = objectField(entry, 'responses')?.properties.map(memberName) ?? [];
    return {
      id,
      operationId,
      method,
      path,
      summary: typeof operation?.['summary'] === 'string' ? operation['summary'] : undefined,
      ...signature,
      responses: statuses
        .filter((status): status is string => status !== undefined)
        .map((status) => ({
          status,
          description: firstSentence(
            resolveRefs(document, specResponses?.[status])?.['description'],
          ),
        })),
    };
  });
}

function operationsTable(file: ts.SourceFile): ts.ObjectLiteralExpression {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== 'operations') continue;
      const value = declaration.initializer && unwrap(declaration.initializer);
      if (value && ts.isObjectLiteralExpression(value)) return value;
    }
  }
  throw new Error('generated/operations.ts has no `operations` table; run `make generate`');
}

/** Handler name -> the type names in `Name(request: NameRequest<P>): Promise<NameResponse>`. */
function handlerTypes(
  file: ts.SourceFile,
): Map<string, { requestType: string; responseType: string }> {
  const found = new Map<string, { requestType: string; responseType: string }>();
  const handlers = file.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Handlers',
  );
  for (const member of handlers?.members ?? []) {
    if (!ts.isMethodSignature(member)) continue;
    const name = memberName(member);
    const request = member.parameters[0]?.type;
    const promise = member.type;
    const response =
      promise && ts.isTypeReferenceNode(promise) ? promise.typeArguments?.[0] : undefined;
    if (
      name === undefined ||
      !request ||
      !ts.isTypeReferenceNode(request) ||
      !response ||
      !ts.isTypeReferenceNode(response)
    ) {
      continue;
    }
    found.set(name, {
      requestType: request.typeName.getText(file),
      responseType: response.typeName.getText(file),
    });
  }
  return found;
}

/** `{ ... } as const satisfies X` -> `{ ... }`. */
function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isParenthesizedExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** The name of an object or interface member when it is static: `a`, `'a'`, `200`, `['a']`. */
export function memberName(member: ts.ObjectLiteralElementLike | ts.TypeElement | undefined) {
  const name = member?.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) {
    return name.expression.text;
  }
  return undefined;
}

function field(entry: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = entry.properties.find((p) => memberName(p) === name);
  return property && ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
}

function stringField(entry: ts.ObjectLiteralExpression, name: string): string | undefined {
  const value = field(entry, name);
  return value && ts.isStringLiteralLike(value) ? value.text : undefined;
}

function objectField(entry: ts.ObjectLiteralExpression, name: string) {
  const value = field(entry, name);
  return value && ts.isObjectLiteralExpression(value) ? value : undefined;
}

/** "Tags in use. Most used first." -> "Tags in use." (one line, for a test name). */
export function firstSentence(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const line = text.replace(/\s+/g, ' ').trim();
  const end = line.search(/[.!?](\s|$)/);
  const sentence = end === -1 ? line : line.slice(0, end + 1);
  return sentence === '' ? undefined : sentence;
}
