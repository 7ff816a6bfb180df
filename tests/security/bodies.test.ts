// Hostile request bodies: proves that a body over BODY_LIMIT_BYTES is refused with 413 (with or
// without a Content-Length), that deeply nested JSON is refused with a 4xx and the server keeps
// answering, that `__proto__` / `constructor.prototype` members are refused and pollute nothing
// (the app runs in this process, so its Object.prototype is ours), and that strings longer than
// the spec's maxLength (every string member of every request body, found by walking the spec)
// are refused with 422. Each refusal is a problem document and leaves the stored data as it was.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import {
  auth,
  newUserInput,
  registerAdmin,
  registerUser,
  type TestUser,
} from '../support/fixtures.js';
import { ResponseValidator } from '../harness/response-validator.js';
import { matchOperation } from '../harness/spec.js';
import {
  describePath,
  expectNothingStored,
  fieldName,
  type Method,
  requestBodyOf,
  sendChunked,
  spec,
  specOperations,
  stringFields,
  urlFor,
  withValue,
} from './support.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
/** The same app with BODY_LIMIT_BYTES=2048, listening on a port for raw requests. */
let small: TestService;
let smallPort: number;
let admin: TestUser;
let user: TestUser;
let article: { slug: string };
let commentId: number;

beforeAll(async () => {
  service = await startService();
  small = await startService({ BODY_LIMIT_BYTES: '2048' });
  await small.app.listen({ host: '127.0.0.1', port: 0 });
  const address = small.app.server.address();
  smallPort = typeof address === 'object' && address ? address.port : 0;
  admin = await registerAdmin(service.api, service.database);
  user = await registerUser(service.api);
  article = (
    await service.api
      .post('/api/articles')
      .set(auth(user))
      .send({ article: { title: 'Target', description: 'of bodies', body: 'Body' } })
      .expect(201)
  ).body.article;
  commentId = (
    await service.api
      .post(`/api/articles/${article.slug}/comments`)
      .set(auth(user))
      .send({ comment: { body: 'A comment' } })
      .expect(201)
  ).body.comment.id;
});
afterAll(async () => {
  await small?.close();
  await service?.close();
});

/** The server still serves an ordinary request. */
async function expectAlive(target: TestService = service) {
  await target.api.get('/api/tags').expect(200);
  await target.api
    .get('/api/user')
    .set(auth(user))
    .expect(target === service ? 200 : 401);
}

/** Sends raw JSON text to POST /api/users or, with a user, to PUT /api/user. */
const rawJson = (url: string, text: string, headers: Record<string, string> = {}) =>
  service.api.post(url).set(headers).set('Content-Type', 'application/json').send(text);

describe('a body larger than BODY_LIMIT_BYTES (2048)', () => {
  it('registration: 413, no account created', async () => {
    const input = newUserInput();
    await expectNothingStored(small.database, async () => {
      const res = await small.api
        .post('/api/users')
        .send({ user: { ...input, bio: 'x'.repeat(4096) } });
      expectProblem(res, 413, { type: '/problems/payload-too-large' });
    });
    expect(await small.database.users.findByUsername(input.username)).toBeUndefined();
  });

  it('creating an article with a valid token: 413, no article created', async () => {
    const author = await registerUser(small.api);
    await expectNothingStored(small.database, async () => {
      const res = await small.api
        .post('/api/articles')
        .set(auth(author))
        .send({ article: { title: 'Big', description: 'body', body: 'y'.repeat(4096) } });
      expectProblem(res, 413, { type: '/problems/payload-too-large' });
    });
  });

  it('a chunked body without Content-Length: 413 once it passes the limit', async () => {
    const input = newUserInput();
    const head = JSON.stringify({ user: { ...input, bio: '' } }).slice(0, -3);
    const chunks = [head, ...Array.from({ length: 8 }, () => 'z'.repeat(512)), '"}}'];
    await expectNothingStored(small.database, async () => {
      const res = await sendChunked(
        smallPort,
        'POST',
        '/api/users',
        { 'Content-Type': 'application/json' },
        chunks,
      );
      const operation = matchOperation(specOperations, 'POST', '/api/users')!;
      expect(new ResponseValidator(spec).validate(operation, res)).toEqual([]);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text).type).toBe('/problems/payload-too-large');
    });
    expect(await small.database.users.findByUsername(input.username)).toBeUndefined();
    await expectAlive(small);
  });
});

describe('deeply nested JSON', () => {
  const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it.each([
    ['10,000 levels of objects', nestedObjects(10_000)],
    ['10,000 levels of arrays', nestedArrays(10_000)],
    ['100,000 levels of objects', nestedObjects(100_000)],
    ['100,000 levels of arrays', nestedArrays(100_000)],
    ['10,000 levels in place of user', `{"user":${nestedObjects(10_000)}}`],
    ['10,000 levels in place of username', `{"user":{"username":${nestedArrays(10_000)}}}`],
  ])('%s: 400 or 422, and the server answers the next request', async (_name, text) => {
    await expectNothingStored(service.database, async () => {
      expectProblem(await rawJson('/api/users', text), [400, 422]);
      expectProblem(await rawJson('/api/users/login', text), [400, 422]);
      const update = await service.api
        .put('/api/user')
        .set(auth(user))
        .set('Content-Type', 'application/json')
        .send(text);
      expectProblem(update, [400, 422]);
    });
    await expectAlive();
  });

  it('deep nesting in a member the schema does not define: never 500', async () => {
    const input = newUserInput();
    const text = `{"user":${JSON.stringify(input).slice(0, -1)},"extra":${nestedObjects(10_000)}}}`;
    const res = await rawJson('/api/users', text);
    expect([201, 400, 422]).toContain(res.status);
    if (res.status === 201) expect(res.body.user.role).toBe('user');
    await expectAlive();
  });
});

describe('prototype pollution', () => {
  const POLLUTERS = ['polluted', 'role', 'admin', 'isAdmin'];

  function expectPrototypeClean() {
    const probe = {} as Record<string, unknown>;
    for (const key of POLLUTERS) {
      expect([key, probe[key]]).toEqual([key, undefined]);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, key)).toBe(false);
    }
  }

  type Members = Record<string, string>;
  const registration = (input: Members) => JSON.stringify({ user: input }).slice(1, -1);

  // Each builds the raw JSON text around `members` (a registration, or a profile change).
  const CASES: [string, (members: Members) => string][] = [
    [
      '__proto__ inside user',
      (input) =>
        `{"user":${JSON.stringify(input).slice(0, -1)},"__proto__":{"polluted":"yes","role":"admin"}}}`,
    ],
    [
      '__proto__ at the top level',
      (input) => `{"__proto__":{"polluted":"yes"},${registration(input)}}`,
    ],
    [
      '__proto__ deep in a member',
      (input) =>
        `{"user":${JSON.stringify(input).slice(0, -1)},"x":{"y":[{"__proto__":{"polluted":"yes"}}]}}}`,
    ],
    [
      '__proto__ with escaped characters',
      (input) =>
        `{"user":${JSON.stringify(input).slice(0, -1)},"\\u005f_pro\\u0074o__":{"polluted":"yes"}}}`,
    ],
    [
      'constructor.prototype inside user',
      (input) =>
        `{"user":${JSON.stringify(input).slice(0, -1)},"constructor":{"prototype":{"polluted":"yes","isAdmin":true}}}}`,
    ],
    [
      'constructor.prototype at the top level',
      (input) => `{"constructor":{"prototype":{"polluted":"yes"}},${registration(input)}}`,
    ],
  ];

  it.each(CASES)(
    'registration with %s: 4xx, nothing stored, nothing polluted',
    async (_n, body) => {
      const input = newUserInput();
      await expectNothingStored(service.database, async () => {
        expectProblem(await rawJson('/api/users', body(input)), [400, 422]);
      });
      expect(await service.database.users.findByUsername(input.username)).toBeUndefined();
      expectPrototypeClean();
    },
  );

  it.each(CASES)(
    'profile update with %s: 4xx, nothing stored, nothing polluted',
    async (_n, body) => {
      // The same members around an otherwise valid update.
      const text = body({ bio: 'polluting bio' });
      await expectNothingStored(service.database, async () => {
        const res = await service.api
          .put('/api/user')
          .set(auth(user))
          .set('Content-Type', 'application/json')
          .send(text);
        expectProblem(res, [400, 422]);
      });
      const me = await service.api.get('/api/user').set(auth(user)).expect(200);
      expect(me.body.user.role).toBe('user');
      expectPrototypeClean();
    },
  );

  it('an article with __proto__ in its tag list: 4xx, nothing stored, nothing polluted', async () => {
    const text =
      '{"article":{"title":"Polluter","description":"d","body":"b","tagList":["a"],' +
      '"__proto__":{"tagList":["injected"],"polluted":"yes"}}}';
    await expectNothingStored(service.database, async () => {
      expectProblem(await rawJson('/api/articles', text, auth(user)), [400, 422]);
    });
    expectPrototypeClean();
  });

  it('the control: "__proto__" as a value (not a member name) is ordinary text', async () => {
    const res = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { bio: '__proto__ constructor.prototype' } })
      .expect(200);
    expect(res.body.user.bio).toBe('__proto__ constructor.prototype');
    expectPrototypeClean();
  });
});

describe('strings longer than the spec allows', () => {
  const tooLong = specOperations.flatMap((operation) => {
    const body = requestBodyOf(operation);
    if (!body) return [];
    return stringFields(body.schema)
      .filter((field) => typeof field.schema.maxLength === 'number')
      .map((field) => ({
        name: `${operation.operationId} ${describePath(field.path)} (maxLength ${String(field.schema.maxLength)})`,
        operation,
        path: field.path,
        maxLength: field.schema.maxLength as number,
        example: body.example,
      }));
  });

  it('the spec walk finds the bounded strings', () => {
    expect(tooLong.map((field) => field.name.split(' (')[0])).toEqual(
      expect.arrayContaining([
        'CreateUser .user.username',
        'UpdateCurrentUser .user.bio',
        'CreateArticle .article.body',
        'CreateArticle .article.tagList[0]',
        'CreateArticleComment .comment.body',
        'RefreshSession .refreshToken',
      ]),
    );
  });

  it.each(tooLong)('$name: one character over: 422 naming the field', async (field) => {
    const url = urlFor(field.operation, {
      slug: article.slug,
      id: commentId,
      username: user.username,
    });
    const value = 'a'.repeat(field.maxLength + 1);
    await expectNothingStored(
      service.database,
      async () => {
        const res = await service.api[field.operation.method.toLowerCase() as Method](url)
          .set(auth(admin))
          .send(withValue(field.example, field.path, value) as object);
        expectProblem(res, 422, { type: '/problems/validation-failed' });
        expect(Object.keys(res.body.errors)).toContain(fieldName(field.path));
      },
      { audit: true },
    );
  });

  it('a 900,000-character title (under the body limit): 422', async () => {
    await expectNothingStored(service.database, async () => {
      const res = await service.api
        .post('/api/articles')
        .set(auth(user))
        .send({ article: { title: 't'.repeat(900_000), description: 'd', body: 'b' } });
      expectProblem(res, 422, { type: '/problems/validation-failed' });
      expect(res.body.errors).toHaveProperty('title');
    });
  });

  it('more tags than the spec allows (21): 422', async () => {
    await expectNothingStored(service.database, async () => {
      const tagList = Array.from({ length: 21 }, (_, i) => `tag${i}`);
      const res = await service.api
        .post('/api/articles')
        .set(auth(user))
        .send({ article: { title: 'Many tags', description: 'd', body: 'b', tagList } });
      expectProblem(res, 422, { type: '/problems/validation-failed' });
      expect(res.body.errors).toHaveProperty('tagList');
    });
  });

  it('the control: exactly maxLength is accepted', async () => {
    await service.api
      .post('/api/articles')
      .set(auth(user))
      .send({ article: { title: 't'.repeat(200), description: 'd', body: 'b' } })
      .expect(201);
    await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { bio: 'b'.repeat(2000) } })
      .expect(200);
  });
});
