// Injection: proves that no request value is ever read as query syntax, on any backend.
// - Every string member of every JSON request body in the bundled spec (found by walking the
//   request body schemas, $refs resolved, so new operations are covered) refuses NoSQL operator
//   objects such as {"$ne": null} with a 422 problem, and nothing stored changes.
// - Every path and query parameter of every operation, given SQL and NoSQL injection strings and
//   LIKE/regex wildcards, never answers 500 and never answers more than the same request with a
//   literal that matches nothing; bracket-operator keys (author[$ne]=x) filter nothing.
// - Login with operator objects answers 422, with SQL or wildcards in the email 401, never 200.
// - SQL and operator text stored as data comes back verbatim and the other data is intact.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { startService, type TestService } from '../support/app.js';
import { auth, registerAdmin, registerUser, type TestUser } from '../support/fixtures.js';
import type { SpecOperation } from '../harness/spec.js';
import {
  containerFields,
  describePath,
  expectNothingStored,
  fieldName,
  type Method,
  parametersOf,
  requestBodyOf,
  requiredRoles,
  specOperations,
  stringFields,
  urlFor,
  withValue,
} from './support.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let tagged: { slug: string };
let commentId: number;

beforeAll(async () => {
  service = await startService();
  admin = await registerAdmin(service.api, service.database);
  alice = await registerUser(service.api);
  bob = await registerUser(service.api);
  const create = (user: TestUser, article: object) =>
    service.api.post('/api/articles').set(auth(user)).send({ article }).expect(201);
  tagged = (
    await create(alice, { title: 'Tagged', description: 'd', body: 'b', tagList: ['dragons'] })
  ).body.article;
  await create(alice, { title: 'Untagged', description: 'd', body: 'b' });
  await create(bob, { title: 'By Bob', description: 'd', body: 'b', tagList: ['training'] });
  await service.api.post(`/api/articles/${tagged.slug}/favorite`).set(auth(bob)).expect(200);
  await service.api.post(`/api/profiles/${alice.username}/follow`).set(auth(admin)).expect(200);
  await service.api.post(`/api/profiles/${bob.username}/follow`).set(auth(alice)).expect(200);
  commentId = (
    await service.api
      .post(`/api/articles/${tagged.slug}/comments`)
      .set(auth(bob))
      .send({ comment: { body: 'A comment' } })
      .expect(201)
  ).body.comment.id;
});
afterAll(async () => {
  await service.close();
});

/** Real values for path parameters, so that an injection that slipped through would act. */
const realPathValues = () => ({ slug: tagged.slug, id: commentId, username: bob.username });

/** Sends a request to an operation as someone it lets through to the body: the admin for admin
 * operations, else Alice, who owns the article the path parameters name. */
function send(operation: SpecOperation, url: string, body?: unknown) {
  const caller = requiredRoles(operation).includes('admin') ? admin : alice;
  const request = service.api[operation.method.toLowerCase() as Method](url).set(auth(caller));
  return body === undefined ? request : request.send(body as object);
}

// ---------------------------------------------------------------------------------------------
// Bodies

const OPERATORS: Record<string, unknown>[] = [
  { $ne: null },
  { $gt: '' },
  { $where: '1' },
  { $regex: '.*' },
];

const bodyFields = specOperations.flatMap((operation) => {
  const body = requestBodyOf(operation);
  if (!body) return [];
  return stringFields(body.schema).map((field) => ({
    name: `${operation.operationId} ${describePath(field.path)}`,
    operation,
    path: field.path,
    example: body.example,
  }));
});

describe('NoSQL operator objects in place of a string in a request body', () => {
  it('the spec walk finds the string members of every request body', () => {
    const names = bodyFields.map((field) => field.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Login .user.email',
        'Login .user.password',
        'CreateUser .user.username',
        'UpdateCurrentUser .user.bio',
        'CreateArticle .article.tagList[0]',
        'UpdateArticle .article.title',
        'CreateArticleComment .comment.body',
        'RefreshSession .refreshToken',
        'Logout .refreshToken',
        'ChangeUserRole .role',
      ]),
    );
  });

  it.each(bodyFields)(
    '$name: 422, nothing stored changes',
    async ({ operation, path, example }) => {
      const url = urlFor(operation, realPathValues());
      await expectNothingStored(
        service.database,
        async () => {
          for (const operator of OPERATORS) {
            const res = await send(operation, url, withValue(example, path, operator));
            expectProblem(res, [400, 422]);
            if (res.status === 422) expect(Object.keys(res.body.errors)).toContain(fieldName(path));
          }
        },
        { follows: true, audit: true },
      );
    },
  );
});

const containers = specOperations.flatMap((operation) => {
  const body = requestBodyOf(operation);
  if (!body) return [];
  return containerFields(body.schema).map((path) => ({
    name: `${operation.operationId} ${describePath(path) || '(the whole body)'}`,
    operation,
    path,
    example: body.example,
  }));
});

describe('NoSQL operator objects in place of an object or array in a request body', () => {
  it.each(containers)(
    '$name: 4xx, nothing stored changes',
    async ({ operation, path, example }) => {
      const url = urlFor(operation, realPathValues());
      await expectNothingStored(
        service.database,
        async () => {
          for (const operator of OPERATORS) {
            expectProblem(
              await send(operation, url, withValue(example, path, operator)),
              [400, 422],
            );
          }
        },
        { follows: true, audit: true },
      );
    },
  );

  it('operator members beside valid ones are ignored, never applied', async () => {
    const res = await service.api
      .put('/api/user')
      .set(auth(bob))
      .send({
        $set: { role: 'admin' },
        user: { bio: 'still a user', $set: { role: 'admin' }, $unset: { passwordHash: 1 } },
      });
    expect(res.status).not.toBe(500);
    const stored = await service.database.users.findByUsername(bob.username);
    expect(stored?.role).toBe('user');
    if (res.status === 200)
      expect(res.body.user).toMatchObject({ bio: 'still a user', role: 'user' });
    await service.api
      .post('/api/users/login')
      .send({ user: { email: bob.email, password: bob.password } })
      .expect(200);
  });
});

describe('login with operators or query text in the credentials', () => {
  it('operator objects for email and password: 422, never 200', async () => {
    const password = alice.password; // every test user shares it
    for (const body of [
      { user: { email: { $ne: null }, password: { $ne: null } } },
      { email: { $ne: null }, password: { $ne: null } },
      { user: { email: { $regex: '.*' }, password } },
      { user: { email: { $gt: '' }, password } },
      { user: { email: { $in: [alice.email, bob.email] }, password } },
      { user: { email: alice.email, password: { $ne: 'wrong' } } },
      { user: { email: [alice.email], password } },
      { user: { $where: 'true', email: { $exists: true }, password } },
    ]) {
      await expectNothingStored(service.database, async () => {
        const res = await service.api.post('/api/users/login').send(body);
        expectProblem(res, 422, { type: '/problems/validation-failed' });
      });
    }
  });

  it('SQL and wildcards in the email, with a real password: 401, never 200', async () => {
    const [local = '', domain = ''] = alice.email.split('@');
    for (const email of [
      "' OR '1'='1",
      "' OR 1=1 --",
      "admin'--",
      `${alice.email}'--`,
      `${alice.email}' OR '1'='1`,
      '%',
      '%@%',
      `${local.slice(0, 5)}%@${domain}`,
      `${local.slice(0, -1)}_@${domain}`,
      '.*',
      `^${local.slice(0, 5)}.*`,
      `${local}@${domain.replace(/\./g, '?')}`,
    ]) {
      await expectNothingStored(service.database, async () => {
        const res = await service.api
          .post('/api/users/login')
          .send({ user: { email, password: alice.password } });
        expectProblem(res, 401, { type: '/problems/invalid-credentials' });
      });
    }
    // The control: the real email logs in.
    await service.api
      .post('/api/users/login')
      .send({ user: { email: alice.email, password: alice.password } })
      .expect(200);
  });
});

// ---------------------------------------------------------------------------------------------
// Parameters

const NOTHING = 'zzzz-matches-nothing';

/** Injection strings, and wildcards that would match real names if read as LIKE or regex. */
const injections = () => [
  "' OR '1'='1",
  '"; DROP TABLE "User"; --',
  '{"$ne":null}',
  "admin'--",
  '1 OR 1=1',
  "') OR ('a'='a",
  '\' UNION SELECT email FROM "User" --',
  '{"$gt":""}',
  '%',
  '_',
  `${alice.username.slice(0, 6)}%`,
  '_'.repeat(alice.username.length),
  '.*',
  `^${alice.username.slice(0, 6)}`,
  `${alice.username.slice(0, 6)}.*`,
  '[a-z]*',
  '\\',
  "'",
];

const parameterised = specOperations.filter((operation) =>
  parametersOf(operation).some((p) => p.in === 'path' || p.in === 'query'),
);

/** What is compared between two answers: status and type, and the whole body of a success. */
const outcome = (res: Response) =>
  res.status < 300
    ? { status: res.status, body: res.body }
    : { status: res.status, type: res.body.type };

describe('injection strings in path and query parameters', () => {
  it.each(parameterised.map((op) => [op.operationId, op] as const))(
    '%s: never 500, never more than a literal that matches nothing',
    async (_id, operation) => {
      const example = requestBodyOf(operation)?.example;
      const request = (name: string, place: string, value: string) => {
        const values: Record<string, string | number> = realPathValues();
        if (place === 'path') values[name] = value;
        const url = urlFor(operation, values);
        return send(
          operation,
          place === 'query' ? `${url}?${name}=${encodeURIComponent(value)}` : url,
          example,
        );
      };
      await expectNothingStored(
        service.database,
        async () => {
          for (const parameter of parametersOf(operation)) {
            if (parameter.in !== 'path' && parameter.in !== 'query') continue;
            const literal = outcome(await request(parameter.name, parameter.in, NOTHING));
            for (const value of injections()) {
              const res = await request(parameter.name, parameter.in, value);
              const where = `${operation.operationId} ${parameter.in} ${parameter.name}=${value}`;
              expect([where, res.status < 500]).toEqual([where, true]);
              // Refusing it is fine; answering it must not show more than a literal would.
              if (res.status < 300) {
                expect([where, outcome(res)]).toEqual([where, literal]);
              } else {
                expectProblem(res, res.status, { type: res.body.type });
              }
            }
          }
        },
        { follows: true, audit: true },
      );
    },
  );

  it('GET /api/articles filters by the literal text: 0 articles for every injection', async () => {
    for (const filter of ['author', 'tag', 'favorited']) {
      for (const value of injections()) {
        const res = await service.api
          .get(`/api/articles?${filter}=${encodeURIComponent(value)}`)
          .set(auth(admin));
        if (res.status === 422) continue; // longer than the filter allows
        expect([filter, value, res.status, res.body.articlesCount, res.body.articles]).toEqual([
          filter,
          value,
          200,
          0,
          [],
        ]);
      }
    }
    // The control: the literal values that exist do match.
    const byAlice = await service.api.get(`/api/articles?author=${alice.username}`).expect(200);
    expect(byAlice.body.articlesCount).toBe(2);
  });

  it('profiles: a wildcard username names nobody (404)', async () => {
    for (const value of injections()) {
      const res = await service.api.get(`/api/profiles/${encodeURIComponent(value)}`);
      expectProblem(res, 404, { type: '/problems/not-found' });
    }
  });
});

describe('bracket-operator query keys', () => {
  const OPERATOR_KEYS = (real: string) => [
    ['$ne', real],
    ['$regex', '.*'],
    ['$gt', ''],
    ['$exists', 'true'],
    ['$where', '1'],
    ['$in][', real],
  ];
  const withQuery = specOperations.filter((op) => parametersOf(op).some((p) => p.in === 'query'));

  it.each(withQuery.map((op) => [op.operationId, op] as const))(
    '%s: an operator key filters nothing (refused, or the same as no filter)',
    async (_id, operation) => {
      const url = urlFor(operation, realPathValues());
      await expectNothingStored(service.database, async () => {
        const unfiltered = outcome(await send(operation, url));
        for (const parameter of parametersOf(operation).filter((p) => p.in === 'query')) {
          for (const [operator, value] of OPERATOR_KEYS(alice.username)) {
            const query = `${parameter.name}[${operator}]=${encodeURIComponent(value ?? '')}`;
            const res = await send(operation, `${url}?${query}`);
            const where = `${operation.operationId}?${query}`;
            expect([where, res.status < 500]).toEqual([where, true]);
            if (res.status < 300) expect([where, outcome(res)]).toEqual([where, unfiltered]);
            else expectProblem(res, res.status, { type: res.body.type });
          }
        }
      });
    },
  );

  it('GET /api/articles?author[$ne]=<alice> does not exclude Alice’s articles', async () => {
    const res = await service.api.get(`/api/articles?author[$ne]=${alice.username}`);
    if (res.status >= 400) return expectProblem(res, [400, 422]);
    const authors = res.body.articles.map(
      (a: { author: { username: string } }) => a.author.username,
    );
    expect(authors).toContain(alice.username);
    expect(res.body.articlesCount).toBe(3);
  });

  it('GET /api/articles?tag[$regex]=.* does not drop untagged articles', async () => {
    const res = await service.api.get('/api/articles?tag[$regex]=.*');
    if (res.status >= 400) return expectProblem(res, [400, 422]);
    expect(res.body.articlesCount).toBe(3);
  });

  it('a filter given twice is refused or matches one literal value', async () => {
    const res = await service.api.get(
      `/api/articles?author=${alice.username}&author=${bob.username}`,
    );
    if (res.status >= 400) return expectProblem(res, 422);
    const authors = new Set(
      res.body.articles.map((a: { author: { username: string } }) => a.author.username),
    );
    expect(authors.size).toBeLessThanOrEqual(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Data (last: it stores the strings the tests above expect to match nothing)

describe('SQL and operator text stored as data', () => {
  it('round-trips verbatim and leaves the other data intact', async () => {
    const before = await service.api.get('/api/articles?limit=100').expect(200);
    const suffix = Date.now().toString(36);
    const username = `o'r"ly;--{$ne}${suffix}`;
    const writer = await registerUser(service.api, { username });
    const bio = `'; DROP TABLE "User"; --`;
    await service.api.put('/api/user').set(auth(writer)).send({ user: { bio } }).expect(200);

    const article = {
      title: `Robert'); DROP TABLE "Article";--`,
      description: "' OR '1'='1",
      body: '"; DROP TABLE "User"; --\n{"$where": "sleep(1000)"} ${7*7} {{7*7}}',
      tagList: ["' OR '1'='1", '{"$gt":""}', '%', '.*'],
    };
    const created = await service.api
      .post('/api/articles')
      .set(auth(writer))
      .send({ article })
      .expect(201);
    const slug = created.body.article.slug as string;
    const comment = `Robert'); DELETE FROM "Comment";-- {"$set": {"body": ""}}`;
    await service.api
      .post(`/api/articles/${slug}/comments`)
      .set(auth(writer))
      .send({ comment: { body: comment } })
      .expect(201);

    const read = await service.api.get(`/api/articles/${slug}`).expect(200);
    expect(read.body.article).toMatchObject({ ...article, author: { username, bio } });
    const comments = await service.api.get(`/api/articles/${slug}/comments`).expect(200);
    expect(comments.body.comments.map((c: { body: string }) => c.body)).toEqual([comment]);
    const profile = await service.api
      .get(`/api/profiles/${encodeURIComponent(username)}`)
      .expect(200);
    expect(profile.body.profile).toMatchObject({ username, bio });

    // Filters match the stored text literally, and only it.
    for (const tag of article.tagList) {
      const res = await service.api.get(`/api/articles?tag=${encodeURIComponent(tag)}`);
      expect([tag, res.body.articles.map((a: { slug: string }) => a.slug)]).toEqual([tag, [slug]]);
    }
    const byAuthor = await service.api
      .get(`/api/articles?author=${encodeURIComponent(username)}`)
      .expect(200);
    expect(byAuthor.body.articles.map((a: { slug: string }) => a.slug)).toEqual([slug]);

    // Nothing else went anywhere.
    const after = await service.api.get('/api/articles?limit=100').expect(200);
    expect(after.body.articlesCount).toBe(before.body.articlesCount + 1);
    for (const { slug: other } of before.body.articles) {
      await service.api.get(`/api/articles/${other}`).expect(200);
    }
    const tagComments = await service.api.get(`/api/articles/${tagged.slug}/comments`).expect(200);
    expect(tagComments.body.comments).toHaveLength(1);
    await service.api.get(`/api/profiles/${alice.username}`).expect(200);
    const tags = await service.api.get('/api/tags').expect(200);
    expect(tags.body.tags).toEqual(expect.arrayContaining(['dragons', 'training', '%', '.*']));
  });
});
