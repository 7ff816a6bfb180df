// Error bodies exactly as Conduit clients and their test suites read them: the `errors` keys
// and messages of the RealWorld reference (token, article, profile, comment, username, email,
// password, title, description, body; "is missing", "not found", "forbidden", "has already
// been taken", "can't be blank"), and `credentials: invalid` for a failed login. One table, so
// a change to any of them shows here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { startService, type TestService } from '../support/app.js';
import { auth, newUserInput, registerUser, type TestUser } from '../support/fixtures.js';
import {
  addComment,
  articleUrl,
  commentUrl,
  createArticle,
  newArticleInput,
  profileUrl,
  type Article,
} from './content-fixtures.js';

let service: TestService;
let jake: TestUser;
let bob: TestUser;
let article: Article;
let commentId: number;
beforeAll(async () => {
  service = await startService();
  jake = await registerUser(service.api);
  bob = await registerUser(service.api);
  article = await createArticle(service.api, jake);
  commentId = (await addComment(service.api, jake, article.slug)).id;
});
afterAll(async () => {
  await service.close();
});

type Case = [string, () => Promise<Response>, number, Record<string, string[]>];

const cases: Case[] = [
  ['no token', () => service.api.get('/api/user'), 401, { token: ['is missing'] }],
  [
    'a wrong password',
    () =>
      service.api
        .post('/api/users/login')
        .send({ user: { email: jake.email, password: 'not it' } }),
    401,
    { credentials: ['invalid'] },
  ],
  [
    'an unknown email',
    () =>
      service.api
        .post('/api/users/login')
        .send({ user: { email: 'nobody@example.com', password: 'not it' } }),
    401,
    { credentials: ['invalid'] },
  ],
  [
    'an unknown article',
    () => service.api.get(articleUrl('no-such-article')),
    404,
    { article: ['not found'] },
  ],
  [
    'favoriting an unknown article',
    () => service.api.post(articleUrl('no-such-article', '/favorite')).set(auth(bob)),
    404,
    { article: ['not found'] },
  ],
  [
    'an unknown profile',
    () => service.api.get(profileUrl('nobody-at-all')),
    404,
    { profile: ['not found'] },
  ],
  [
    'following an unknown profile',
    () => service.api.post(profileUrl('nobody-at-all', '/follow')).set(auth(bob)),
    404,
    { profile: ['not found'] },
  ],
  [
    'an unknown comment',
    () => service.api.delete(commentUrl(article.slug, 999_999)).set(auth(jake)),
    404,
    { comment: ['not found'] },
  ],
  [
    "someone else's article",
    () => service.api.delete(articleUrl(article.slug)).set(auth(bob)),
    403,
    { article: ['forbidden'] },
  ],
  [
    "someone else's comment",
    () => service.api.delete(commentUrl(article.slug, commentId)).set(auth(bob)),
    403,
    { comment: ['forbidden'] },
  ],
  [
    'a taken username',
    () => service.api.post('/api/users').send({ user: newUserInput({ username: jake.username }) }),
    409,
    { username: ['has already been taken'] },
  ],
  [
    'a taken email',
    () => service.api.post('/api/users').send({ user: newUserInput({ email: jake.email }) }),
    409,
    { email: ['has already been taken'] },
  ],
  [
    'a registration without fields',
    () => service.api.post('/api/users').send({ user: {} }),
    422,
    { username: ["can't be blank"], email: ["can't be blank"], password: ["can't be blank"] },
  ],
  [
    'a registration with blank fields',
    () => service.api.post('/api/users').send({ user: { username: '', email: ' ', password: '' } }),
    422,
    { username: ["can't be blank"], email: ["can't be blank"], password: ["can't be blank"] },
  ],
  [
    'an article without fields',
    () => service.api.post('/api/articles').set(auth(jake)).send({ article: {} }),
    422,
    { title: ["can't be blank"], description: ["can't be blank"], body: ["can't be blank"] },
  ],
  [
    'an article with a blank title',
    () =>
      service.api
        .post('/api/articles')
        .set(auth(jake))
        .send({ article: newArticleInput({ title: '' }) }),
    422,
    { title: ["can't be blank"] },
  ],
  [
    'a comment without a body',
    () =>
      service.api.post(articleUrl(article.slug, '/comments')).set(auth(jake)).send({ comment: {} }),
    422,
    { body: ["can't be blank"] },
  ],
];

describe('Conduit error bodies', () => {
  it.each(cases)('%s', async (_, request, status, errors) => {
    const res = await request();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(errors);
  });
});
