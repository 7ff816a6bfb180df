// Retries without duplicates, as clients use them: an Idempotency-Key on a POST that creates
// makes a retry of the same request answer the same, with the work done once; the key is the
// caller's own, a different request under it is a 422, and one still in progress a 409.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fingerprintOf, scopeOf } from '../../src/runtime/idempotency.js';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import { articleUrl, createArticle, newArticleInput } from './content-fixtures.js';

let service: TestService;
let jake: TestUser;
let anna: TestUser;
beforeAll(async () => {
  service = await startService();
  jake = await registerUser(service.api);
  anna = await registerUser(service.api);
});
afterAll(async () => {
  await service.close();
});

const publish = (user: TestUser, key: string, article: unknown) =>
  service.api.post('/api/articles').set(auth(user)).set('Idempotency-Key', key).send({ article });

async function countBy(user: TestUser): Promise<number> {
  const res = await service.api.get(`/api/articles?author=${user.username}`).expect(200);
  return res.body.articlesCount as number;
}

const idOf = async (user: TestUser) =>
  (await service.database.users.findByUsername(user.username))!.id;

describe('POST /api/articles with an Idempotency-Key', () => {
  it('answers a retry with the first answer, publishing once', async () => {
    const before = await countBy(jake);
    const key = randomUUID();
    const input = newArticleInput();
    const first = await publish(jake, key, input).expect(201);
    const retry = await publish(jake, key, input).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await countBy(jake)).toBe(before + 1);
    // Without a key, each request is its own.
    await service.api.post('/api/articles').set(auth(jake)).send({ article: input }).expect(201);
    expect(await countBy(jake)).toBe(before + 2);
  });

  it('refuses the key for a different request with 422, changing nothing', async () => {
    const key = randomUUID();
    await publish(jake, key, newArticleInput()).expect(201);
    const before = await countBy(jake);
    const other = await publish(jake, key, newArticleInput()).expect(422);
    expect(other.body.errors).toEqual({ 'Idempotency-Key': ['was used for a different request'] });
    expect(await countBy(jake)).toBe(before);
  });

  it('keeps keys apart per caller', async () => {
    const key = randomUUID();
    const input = newArticleInput();
    const mine = await publish(jake, key, input).expect(201);
    const theirs = await publish(anna, key, input).expect(201);
    expect(theirs.body.article.slug).not.toBe(mine.body.article.slug);
    expect(theirs.body.article.author.username).toBe(anna.username);
  });

  it('answers 409 while a request with the key is still being worked on', async () => {
    const key = randomUUID();
    const input = newArticleInput();
    // As if a first request had claimed the key and were still running.
    await service.database.idempotency.claim({
      scope: scopeOf('CreateArticle', await idOf(jake)),
      key,
      fingerprint: fingerprintOf('POST', '/api/articles', { article: input }),
      leaseUntil: new Date(Date.now() + 60_000),
      expiresAt: new Date(Date.now() + 60_000),
    });
    const busy = await publish(jake, key, input).expect(409);
    expect(busy.body.errors).toEqual({ 'Idempotency-Key': ['is in use by a request in progress'] });
  });

  it('does the work once when two identical requests race', async () => {
    const before = await countBy(anna);
    const key = randomUUID();
    const input = newArticleInput();
    const answers = await Promise.all([publish(anna, key, input), publish(anna, key, input)]);
    expect(answers.map((res) => res.status).sort()).toEqual(
      answers.some((res) => res.status === 409) ? [201, 409] : [201, 201],
    );
    expect(await countBy(anna)).toBe(before + 1);
  });

  it('refuses a key that is not printable ASCII or too long with 422', async () => {
    await publish(jake, 'x'.repeat(256), newArticleInput()).expect(422);
  });
});

describe('POST /api/articles/{slug}/comments with an Idempotency-Key', () => {
  it('answers a retry with the first comment, and 409 while one is in progress', async () => {
    const article = await createArticle(service.api, jake);
    const url = articleUrl(article.slug, '/comments');
    const key = randomUUID();
    const send = (body: string, k = key) =>
      service.api.post(url).set(auth(anna)).set('Idempotency-Key', k).send({ comment: { body } });
    const first = await send('First!').expect(201);
    const retry = await send('First!').expect(201);
    expect(retry.body).toEqual(first.body);
    const comments = await service.api.get(url).expect(200);
    expect(comments.body.comments).toHaveLength(1);

    const busyKey = randomUUID();
    await service.database.idempotency.claim({
      scope: scopeOf('CreateArticleComment', await idOf(anna)),
      key: busyKey,
      fingerprint: fingerprintOf('POST', url, { comment: { body: 'Second' } }),
      leaseUntil: new Date(Date.now() + 60_000),
      expiresAt: new Date(Date.now() + 60_000),
    });
    await send('Second', busyKey).expect(409);
  });
});
