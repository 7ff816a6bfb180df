// A mock of any API this runtime serves, from its bundled spec alone: the same routes, request
// validation and security checks as production (serveApi), with every operation answered from
// the spec's examples or, without one, a value generated from the response schema. A
// `Prefer: code=404` or `Prefer: example=soldOut` request header picks the answer, as Prism
// does. Frontend teams code against it before any handler exists.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mockAnswer } from './mock-answers.js';
import {
  frameworkProblems,
  problemOf,
  PROBLEM_CONTENT_TYPE,
  type ProblemType,
  securityProblems,
} from './problems.js';
import type { Authenticator, SecurityPolicy } from './security.js';
import { requestHeadersOf } from './security-headers.js';
import { createServer, DEFAULT_SETTINGS, serveApi, type ServerSettings } from './server.js';
import type { HandlerResult, LocatedOperation, TypedRequest } from './types.js';

/** The mock's settings: the runtime's defaults. */
export const MOCK_SETTINGS: ServerSettings = DEFAULT_SETTINGS;

export async function buildMockApp(
  specification: object,
  operations: Readonly<Record<string, LocatedOperation>>,
  settings: ServerSettings,
): Promise<FastifyInstance> {
  // A browser asks the mock for its answer with a Prefer header.
  const corsRequestHeaders = [...requestHeadersOf(specification), 'Prefer'];
  const { app } = await createServer(settings, { corsRequestHeaders });
  const handlers = Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [
      name,
      async (request: TypedRequest): Promise<HandlerResult> =>
        answer(specification, operation, request),
    ]),
  );
  await serveApi(app, {
    specification,
    operations,
    handlers,
    security: mockSecurity(specification),
  });
  return app;
}

function answer(
  specification: object,
  operation: LocatedOperation,
  request: TypedRequest,
): HandlerResult {
  const prefer = (request.headers as Record<string, string | undefined>)['prefer'];
  const choice = mockAnswer(specification, operation.pointer, prefer);
  // What the client asked for is not in the spec: say so, in the runtime's own vocabulary.
  if ('error' in choice) {
    return {
      ...problemOf(frameworkProblems.malformedRequest, choice.error),
      contentType: PROBLEM_CONTENT_TYPE,
    };
  }
  const result: HandlerResult = { status: choice.status, headers: choice.headers };
  if (choice.contentType !== undefined) result.contentType = choice.contentType;
  if (choice.body === undefined) return result;
  result.body =
    choice.contentType === PROBLEM_CONTENT_TYPE
      ? asProblemOf(choice.body, choice.status, problemTypesOf(specification))
      : choice.body;
  return result;
}

/**
 * An example problem describes another request: this one gets its own status and path, and,
 * when the spec's Problem schema lists its types (`x-problem-types`), the type and title of that
 * status, with field errors only where a status has them.
 */
function asProblemOf(body: unknown, status: number, types: readonly ProblemType[]): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { instance: _instance, errors, ...rest } = body as Record<string, unknown>;
  const current = types.find((entry) => entry.type === rest.type);
  const fitting = current?.status === status ? current : types.find((t) => t.status === status);
  return {
    ...rest,
    ...(fitting ? { type: fitting.type, title: fitting.title } : {}),
    status,
    ...(errors !== undefined && (status === 400 || status === 422) ? { errors } : {}),
  };
}

function problemTypesOf(specification: object): ProblemType[] {
  const problem = (specification as { components?: { schemas?: Record<string, unknown> } })
    .components?.schemas?.['Problem'] as { 'x-problem-types'?: unknown } | undefined;
  const listed = problem?.['x-problem-types'];
  return Array.isArray(listed) ? (listed as ProblemType[]) : [];
}

/**
 * Every scheme of the spec accepts any credential that is present, and grants every scope:
 * a mock shows a frontend what a 401 looks like, not who may do what.
 */
function mockSecurity(specification: object): SecurityPolicy<{ credential: string }> {
  const schemes =
    (specification as { components?: { securitySchemes?: Record<string, SchemeObject> } })
      .components?.securitySchemes ?? {};
  const authenticators = Object.fromEntries(
    Object.entries(schemes).map(([name, scheme]) => [name, presentCredential(scheme)]),
  );
  return {
    authenticators,
    grants: () => true,
    unauthorized: (failure) => ({
      ...problemOf(securityProblems.unauthorized, `The request's credential ${failure}.`),
      headers: { 'WWW-Authenticate': 'Mock' },
    }),
    forbidden: (scopes) =>
      problemOf(securityProblems.forbidden, `This needs ${scopes.join(' or ')}.`),
  };
}

interface SchemeObject {
  type?: string;
  in?: 'header' | 'query' | 'cookie';
  name?: string;
}

function presentCredential(scheme: SchemeObject): Authenticator<{ credential: string }> {
  const read = (request: FastifyRequest): unknown => {
    if (scheme.type !== 'apiKey') return request.headers.authorization;
    const name = scheme.name ?? '';
    if (scheme.in === 'query') return (request.query as Record<string, unknown>)[name];
    if (scheme.in === 'cookie') return cookie(request.headers.cookie, name);
    return request.headers[name.toLowerCase()];
  };
  return async (request) => {
    const value = read(request);
    return typeof value === 'string' && value.trim() !== ''
      ? { principal: { credential: value } }
      : { failure: 'is missing' };
  };
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
