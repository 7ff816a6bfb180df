// The harness must catch a server that breaks the spec; otherwise a green suite means nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { ContractViolation, contractClient, type ContractClient } from '../../harness/contract.js';

const validUser = {
  email: 'jake@jake.jake',
  token: 'a.b.c',
  username: 'jake',
  bio: null,
  image: null,
  role: 'user',
};
const problem = {
  type: '/problems/unauthorized',
  title: 'Unauthorized',
  status: 401,
  detail: 'no',
};

// A server that answers GET /api/user in whatever way the test asks, right or wrong.
const cacheHeaders = { etag: '"tag"', 'cache-control': 'private, no-cache' };
const answers: Record<
  string,
  { status: number; type?: string; body: string; headers?: Record<string, string> }
> = {
  valid: {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ user: validUser }),
    headers: cacheHeaders,
  },
  missingEtag: {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ user: validUser }),
    headers: { 'cache-control': 'private, no-cache' },
  },
  undocumentedStatus: {
    status: 418,
    type: 'application/json',
    body: JSON.stringify({ user: validUser }),
  },
  wrongContentType: { status: 200, type: 'text/plain', body: JSON.stringify({ user: validUser }) },
  extraProperty: {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ user: { ...validUser, passwordHash: 'secret' } }),
  },
  missingProperty: {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ user: { ...validUser, token: undefined } }),
  },
  wrongType: {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ user: { ...validUser, bio: 5 } }),
  },
  notJson: { status: 200, type: 'application/json', body: '{"user": ' },
  missingHeader: {
    status: 401,
    type: 'application/problem+json',
    body: JSON.stringify({ ...problem, instance: '/api/user' }),
  },
  problemAsJson: {
    status: 401,
    type: 'application/json',
    body: JSON.stringify({ ...problem, instance: '/api/user' }),
    headers: { 'www-authenticate': 'Token' },
  },
  wrongInstance: {
    status: 401,
    type: 'application/problem+json',
    body: JSON.stringify({ ...problem, instance: '/elsewhere' }),
    headers: { 'www-authenticate': 'Token' },
  },
};

let server: FastifyInstance;
let api: ContractClient;
beforeAll(async () => {
  server = Fastify();
  server.get('/api/user', async (request, reply) => {
    const answer = answers[String(request.headers['x-answer'])]!;
    reply.code(answer.status).headers(answer.headers ?? {});
    if (answer.type) reply.type(answer.type);
    return reply.send(answer.body);
  });
  server.get('/unknown', async (_request, reply) => reply.code(200).send('hello'));
  await server.ready();
  api = contractClient(server.server, { record: false });
});
afterAll(async () => {
  await server.close();
});

const call = (answer: keyof typeof answers) => api.get('/api/user').set('x-answer', answer);

describe('contract harness', () => {
  it('passes a response that follows the spec', async () => {
    const res = await call('valid').expect(200);
    expect(res.body.user.username).toBe('jake');
  });

  it.each([
    ['undocumentedStatus', /status 418 is not documented/],
    ['missingEtag', /required header ETag is missing/],
    ['wrongContentType', /Content-Type text\/plain is not documented/],
    ['extraProperty', /must NOT have unevaluated properties \(passwordHash\)/],
    ['missingProperty', /must have required property 'token'/],
    ['wrongType', /\/user\/bio must be string,null/],
    ['notJson', /body is not valid JSON/],
    ['missingHeader', /required header WWW-Authenticate is missing/],
    ['problemAsJson', /Content-Type application\/json is not documented/],
    ['wrongInstance', /problem instance \/elsewhere is not the request path/],
  ] as const)('rejects %s', async (answer, message) => {
    const failure = await call(answer).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ContractViolation);
    expect((failure as Error).message).toMatch(message);
  });

  it('rejects a non-problem answer to a request no operation serves', async () => {
    await expect(api.get('/unknown')).rejects.toThrow(
      /status 200 for a request no operation serves/,
    );
  });
});
