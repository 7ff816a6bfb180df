// Content for the contract tests (articles, comments, follows, favorites), made through the
// API as a client would, plus the assertions the content test files share.
import { expect } from '@jest/globals';
import type { components } from '../../generated/types.js';
import type { ContractClient } from '../harness/contract.js';
import { auth, type TestUser } from '../support/fixtures.js';
import { expectProblem } from '../support/problems.js';

const UNAUTHORIZED = '/problems/unauthorized';

export type Article = components['schemas']['Article'];
export type ArticleSummary = components['schemas']['ArticleSummary'];
export type Comment = components['schemas']['Comment'];
export type Profile = components['schemas']['Profile'];

export interface ArticleInput {
  title: string;
  description: string;
  body: string;
  tagList?: string[];
}

let counter = 0;

/** Unique within the run: the pid keeps parallel workers apart, the counter calls apart. */
export function uniqueId(): string {
  counter += 1;
  return `${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** A tag no other test uses (at most 50 characters for labels up to 20). */
export const uniqueTag = (label = 'tag'): string => `${label}-${uniqueId()}`;

export function newArticleInput(overrides: Partial<ArticleInput> = {}): ArticleInput {
  const id = uniqueId();
  return {
    title: `Article ${id}`,
    description: `What article ${id} is about`,
    body: `The body of article ${id}.`,
    ...overrides,
  };
}

/** `/api/articles/<slug><rest>` with the slug URL-encoded, as a client must send it. */
export const articleUrl = (slug: string, rest = ''): string =>
  `/api/articles/${encodeURIComponent(slug)}${rest}`;

export const profileUrl = (username: string, rest = ''): string =>
  `/api/profiles/${encodeURIComponent(username)}${rest}`;

export const commentUrl = (slug: string, id: number | string): string =>
  articleUrl(slug, `/comments/${encodeURIComponent(String(id))}`);

export async function createArticle(
  api: ContractClient,
  author: TestUser,
  overrides: Partial<ArticleInput> = {},
): Promise<Article> {
  const res = await api
    .post('/api/articles')
    .set(auth(author))
    .send({ article: newArticleInput(overrides) })
    .expect(201);
  return (res.body as { article: Article }).article;
}

/** Creates the articles one after the other, so the last one is the newest. */
export async function createArticles(
  api: ContractClient,
  author: TestUser,
  count: number,
  overrides: Partial<ArticleInput> = {},
): Promise<Article[]> {
  const articles: Article[] = [];
  for (let i = 0; i < count; i += 1) articles.push(await createArticle(api, author, overrides));
  return articles;
}

export async function follow(api: ContractClient, follower: TestUser, username: string) {
  await api.post(profileUrl(username, '/follow')).set(auth(follower)).expect(200);
}

export async function unfollow(api: ContractClient, follower: TestUser, username: string) {
  await api.delete(profileUrl(username, '/follow')).set(auth(follower)).expect(200);
}

export async function favorite(api: ContractClient, user: TestUser, slug: string) {
  await api.post(articleUrl(slug, '/favorite')).set(auth(user)).expect(200);
}

export async function addComment(
  api: ContractClient,
  author: TestUser,
  slug: string,
  body = `Comment ${uniqueId()}`,
): Promise<Comment> {
  const res = await api
    .post(articleUrl(slug, '/comments'))
    .set(auth(author))
    .send({ comment: { body } })
    .expect(201);
  return (res.body as { comment: Comment }).comment;
}

/** Milliseconds-precise UTC timestamps, as `Date.prototype.toISOString` writes them. */
export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** A timestamp in ISO 8601 taken within the last minute. */
export function expectRecentTimestamp(value: unknown): void {
  expect(value).toMatch(ISO_8601);
  const age = Date.now() - Date.parse(String(value));
  expect(age).toBeGreaterThanOrEqual(-5_000);
  expect(age).toBeLessThan(60_000);
}

/** The 403 of an operation whose security needs the admin role, for a caller without it. */
export function expectAdminOnly(res: { status: number; body: Record<string, unknown> }) {
  expect(res.status).toBe(403);
  expect(res.body).toMatchObject({
    type: '/problems/forbidden',
    detail: 'This operation needs the admin role.',
  });
}

/** Both 401s a secured operation owes: no token, and a token that is not valid. */
export async function expectTokenRequired(request: () => ReturnType<ContractClient['get']>) {
  const missing = await request().expect(401);
  expect(missing.headers['www-authenticate']).toBe('Token realm="conduit"');
  expectProblem(missing, 401, { type: UNAUTHORIZED, errors: { token: ['is missing'] } });
  await expectInvalidTokenRefused(request);
}

/** A token that is sent must be valid, even where authentication is optional. */
export async function expectInvalidTokenRefused(request: () => ReturnType<ContractClient['get']>) {
  const invalid = await request().set('Authorization', 'Token not.a.jwt').expect(401);
  expect(invalid.headers['www-authenticate']).toBe('Token realm="conduit"');
  expectProblem(invalid, 401, { type: UNAUTHORIZED, errors: { token: ['is invalid'] } });
}
