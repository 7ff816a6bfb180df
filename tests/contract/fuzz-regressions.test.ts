// Regressions found by property-based testing (scripts/schemathesis.sh): inputs the other
// contract tests never send, each of which once got a 500, a status or body the spec does not
// document, or an error that was not a problem document.
//
// Most go through the contract client. A few requests cannot, because Supertest would not send
// them as written (raw `|` or `\` in a path, an undecodable `%`, a QUERY request, bytes the HTTP
// parser refuses): those go over a plain socket and their responses are checked against the spec
// with the same validator.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import { rawRequest, type RawAnswer } from '../harness/raw-http.js';
import { ResponseValidator, type RawResponse } from '../harness/response-validator.js';
import { loadSpec, matchOperation, operationsOf } from '../harness/spec.js';

let service: TestService;
let user: TestUser;
let slug: string;
let port: number;
beforeAll(async () => {
  service = await startService();
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const address = service.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  user = await registerUser(service.api);
  const created = await service.api
    .post('/api/articles')
    .set(auth(user))
    .send({ article: { title: 'Fuzzed', description: 'Target', body: 'Of fuzzing' } })
    .expect(201);
  slug = created.body.article.slug;
});
afterAll(async () => {
  await service.close();
});

const spec = loadSpec();
const operations = operationsOf(spec);
const validator = new ResponseValidator(spec);

/** Sends `head` (request line and headers, CRLF-separated, no final blank line) as written. */
const raw = (head: string | Buffer, body = ''): Promise<RawAnswer> => rawRequest(port, head, body);

/** What the contract client checks, for a raw response: the spec's answer for this request. */
function violations(method: string, path: string, response: RawResponse): string[] {
  const operation = matchOperation(operations, method, path);
  return operation && !path.endsWith('/')
    ? validator.validate(operation, response)
    : validator.validateProblem('#/components/schemas/Problem', response);
}

describe('requests no route serves', () => {
  it('answers 405 with Allow to QUERY, which the framework wanted a Content-Type for', async () => {
    const res = await raw('QUERY /api/tags HTTP/1.1');
    expect(violations('QUERY', '/api/tags', res)).toEqual([]);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('answers 404/405 whatever the body, even malformed JSON', async () => {
    const json = 'Content-Type: application/json';
    const unknown = await raw(`POST /api/nothing-here HTTP/1.1\r\n${json}`, '{"bad');
    expect(violations('POST', '/api/nothing-here', unknown)).toEqual([]);
    expect(unknown.body.type).toBe('/problems/not-found');
    const wrongMethod = await raw(`PATCH /api/user HTTP/1.1\r\n${json}`, '{"bad');
    expect(violations('PATCH', '/api/user', wrongMethod)).toEqual([]);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD, PUT');
  });

  it('lists only the concrete path’s methods in Allow: /api/articles/feed is not an article', async () => {
    const res = await service.api.options('/api/articles/feed').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('answers 404 for a path with a trailing slash, which the router does not serve', async () => {
    const res = await raw('GET /api/tags/ HTTP/1.1');
    expect(violations('GET', '/api/tags/', res)).toEqual([]);
    expect(res.status).toBe(404);
  });
});

describe('U+0000 (NUL), which PostgreSQL text cannot hold', () => {
  it('names nothing in a path: 404', async () => {
    await service.api.get('/api/articles/x%00y').expect(404);
    await service.api.get('/api/articles/x%00y/comments').expect(404);
    await service.api.get('/api/profiles/a%00b').expect(404);
    await service.api.post('/api/profiles/a%00b/follow').set(auth(user)).expect(404);
  });

  it('is an invalid filter: 422', async () => {
    for (const filter of ['tag', 'author', 'favorited']) {
      const res = await service.api.get(`/api/articles?${filter}=a%00b`).expect(422);
      expect(res.body.errors).toEqual({ [filter]: ['is invalid'] });
    }
  });

  it('is invalid in any text a request would store: 422', async () => {
    const nul = 'a\u0000b';
    const create = await service.api
      .post('/api/articles')
      .set(auth(user))
      .send({ article: { title: nul, description: 'd', body: 'b', tagList: ['ok', nul] } })
      .expect(422);
    expect(create.body.errors).toEqual({ title: ['is invalid'], tagList: ['is invalid'] });
    await service.api
      .put(`/api/articles/${slug}`)
      .set(auth(user))
      .send({ article: { body: nul } })
      .expect(422);
    await service.api
      .post(`/api/articles/${slug}/comments`)
      .set(auth(user))
      .send({ comment: { body: nul } })
      .expect(422);
    const account = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { bio: nul, image: nul } })
      .expect(422);
    expect(account.body.errors).toEqual({ bio: ['is invalid'], image: ['is invalid'] });
    await service.api
      .post('/api/users/login')
      .send({ user: { email: nul, password: 'whatever it is' } })
      .expect(422);
  });

  it('still lets bio and image be cleared with null', async () => {
    await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { bio: null, image: null } })
      .expect(200);
  });
});

describe('cursors the server never made', () => {
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('answers 422 for an id or a time the databases cannot hold', async () => {
    for (const forged of [
      { c: '2026-01-01T00:00:00.000Z', i: 2 ** 31 },
      { c: '2026-01-01T00:00:00.000Z', i: 2 ** 53 - 1 },
      { c: '-271821-04-20T00:00:00.000Z', i: 1 },
      { c: '+275760-09-13T00:00:00.000Z', i: 1 },
    ]) {
      const res = await service.api.get(`/api/articles?cursor=${cursor(forged)}`).expect(422);
      expect(res.body.errors).toEqual({ cursor: ['is invalid'] });
      await service.api
        .get(`/api/articles/feed?cursor=${cursor(forged)}`)
        .set(auth(user))
        .expect(422);
    }
  });
});

describe('problem instance', () => {
  it('is a URI reference even when the path has characters a URI cannot hold raw', async () => {
    for (const [path, instance] of [
      ['/api/articles/a|b', '/api/articles/a%7Cb'],
      ['/api/articles/a\\b{c}', '/api/articles/a%5Cb%7Bc%7D'],
      ['/api/profiles/a^b`', '/api/profiles/a%5Eb%60'],
    ] as const) {
      const res = await raw(`GET ${path} HTTP/1.1`);
      expect(violations('GET', path, res)).toEqual([]);
      expect(res.status).toBe(404);
      expect(res.body.instance).toBe(instance);
    }
  });
});

// These need Fastify's `frameworkErrors` and `clientErrorHandler` options set to
// answerFrameworkError and answerClientError (src/runtime/error-handler.ts) in buildApp.
describe('requests refused before routing', () => {
  it('answers 404 for a path that does not percent-decode', async () => {
    const res = await raw('GET /api/articles/%ZZ HTTP/1.1');
    expect(violations('GET', '/api/articles/%ZZ', res)).toEqual([]);
    expect(res.status).toBe(404);
    expect(res.body.instance).toBe('/api/articles/%25ZZ');
  });

  it('answers 404 for a path parameter longer than any slug or username', async () => {
    await service.api.get(`/api/articles/${'a'.repeat(101)}`).expect(404);
    await service.api.get(`/api/profiles/${'a'.repeat(500)}`).expect(404);
  });

  it('answers a problem to what the HTTP parser refuses', async () => {
    const bytes = await raw(Buffer.from('GET /api/articles/\xff HTTP/1.1', 'latin1'));
    expect(validator.validateProblem('#/components/schemas/Problem', bytes)).toEqual([]);
    expect(bytes.status).toBe(400);
    expect(bytes.body.type).toBe('/problems/malformed-request');
    const method = await raw('FOO /api/tags HTTP/1.1');
    expect(method.status).toBe(400);
    expect(validator.validateProblem('#/components/schemas/Problem', method)).toEqual([]);
    const headers = await raw(`GET /api/tags HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}`);
    expect(headers.status).toBe(431);
    expect(headers.body.type).toBe('/problems/request-header-fields-too-large');
    expect(validator.validateProblem('#/components/schemas/Problem', headers)).toEqual([]);
  });

  it('answers 404 from the catalog for a docs path that climbs out of its folder', async () => {
    for (const path of [
      '/docs/static/../../package.json',
      '/docs/static/%2e%2e/%2e%2e/package.json',
    ]) {
      const res = await raw(`GET ${path} HTTP/1.1`);
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('/problems/not-found');
      expect(validator.validateProblem('#/components/schemas/Problem', res)).toEqual([]);
    }
  });
});
