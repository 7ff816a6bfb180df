// Pages of an article's comments, through HTTP against the spec: the newest page by default,
// oldest first within it, older pages by cursor, stable while comments are posted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerAdmin, registerUser, type TestUser } from '../support/fixtures.js';
import {
  addComment,
  articleUrl,
  createArticle,
  uniqueId,
  type Comment,
} from './content-fixtures.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let jake: TestUser;
let bob: TestUser;
let admin: TestUser;
beforeAll(async () => {
  service = await startService();
  jake = await registerUser(service.api);
  bob = await registerUser(service.api);
  admin = await registerAdmin(service.api, service.database);
});
afterAll(async () => {
  await service.close();
});

interface Page {
  comments: Comment[];
  nextCursor: string | null;
}

async function page(
  slug: string,
  params: Record<string, string | number> = {},
  user?: TestUser,
): Promise<Page> {
  const request = service.api.get(articleUrl(slug, '/comments')).query(params);
  if (user) request.set(auth(user));
  const res = await request.expect(200);
  expect(Object.keys(res.body)).toEqual(['comments', 'nextCursor']);
  return res.body as Page;
}

const idsOf = (comments: Comment[]) => comments.map((comment) => comment.id);

/** An article with `count` comments by bob, posted in order; returned oldest first. */
async function thread(count: number): Promise<{ slug: string; comments: Comment[] }> {
  const { slug } = await createArticle(service.api, jake);
  const comments: Comment[] = [];
  for (let i = 0; i < count; i += 1) comments.push(await addComment(service.api, bob, slug));
  return { slug, comments };
}

/** Every page from the newest, following nextCursor; the thread is the pages in reverse. */
async function readBackwards(
  slug: string,
  limit: number,
  between: () => Promise<unknown> = async () => undefined,
  user?: TestUser,
): Promise<Page[]> {
  const pages = [await page(slug, { limit }, user)];
  for (let cursor = pages[0]!.nextCursor; cursor !== null; cursor = pages.at(-1)!.nextCursor) {
    await between();
    pages.push(await page(slug, { limit, cursor }, user));
    if (pages.length > 60) throw new Error('nextCursor never ends');
  }
  return pages;
}

describe('GET /api/articles/{slug}/comments pages', () => {
  it('gives a client that sends nothing the newest 50, oldest first, and a cursor to older ones', async () => {
    const { slug, comments } = await thread(53);
    const first = await page(slug);
    expect(first.comments).toEqual(comments.slice(3));
    expect(first.nextCursor).toEqual(expect.any(String));
    const older = await page(slug, { cursor: first.nextCursor! });
    expect(older).toEqual({ comments: comments.slice(0, 3), nextCursor: null });
  });

  it('answers the whole thread, with nextCursor null, when it fits in the page', async () => {
    const { slug, comments } = await thread(4);
    expect(await page(slug)).toEqual({ comments, nextCursor: null });
    // Exactly a page: nothing older, so no cursor.
    expect(await page(slug, { limit: 4 })).toEqual({ comments, nextCursor: null });
    const quiet = await createArticle(service.api, jake);
    expect(await page(quiet.slug)).toEqual({ comments: [], nextCursor: null });
  });

  it('holds `limit` comments, up to 100', async () => {
    const { slug, comments } = await thread(102);
    expect((await page(slug, { limit: 1 })).comments).toEqual(comments.slice(-1));
    expect((await page(slug, { limit: 3 })).comments).toEqual(comments.slice(-3));
    const largest = await page(slug, { limit: 100 });
    expect(largest.comments).toEqual(comments.slice(2));
    const rest = await page(slug, { limit: 100, cursor: largest.nextCursor! });
    expect(rest).toEqual({ comments: comments.slice(0, 2), nextCursor: null });
  });

  it('continues without skips or repeats while comments are posted between requests', async () => {
    const { slug, comments } = await thread(10);
    const posted: Comment[] = [];
    const pages = await readBackwards(slug, 3, async () => {
      posted.push(await addComment(service.api, jake, slug, `late ${uniqueId()}`));
    });
    expect(pages.map((p) => p.comments.length)).toEqual([3, 3, 3, 1]);
    // Each page goes before the ones read already.
    const shown = pages.toReversed().flatMap((p) => p.comments);
    expect(idsOf(shown)).toEqual(idsOf(comments));
    // The comments posted meanwhile are newer than the first page: reading it again shows them.
    expect(posted).toHaveLength(3);
    const again = await page(slug, { limit: 3 });
    expect(again.comments).toEqual(posted);
  });

  it('tells each caller whether they follow each commenter, on every page', async () => {
    const { slug } = await thread(3);
    const reader = await registerUser(service.api);
    await service.api.post(`/api/profiles/${bob.username}/follow`).set(auth(reader)).expect(200);
    for (const p of await readBackwards(slug, 2, undefined, reader)) {
      expect(p.comments.every((c) => c.author.following)).toBe(true);
    }
  });

  it('pages removed comments for admins only, with removedAt', async () => {
    const { slug, comments } = await thread(6);
    const removed = [comments[1]!, comments[4]!];
    for (const comment of removed) {
      await service.api
        .delete(`/api/admin/articles/${encodeURIComponent(slug)}/comments/${comment.id}`)
        .set(auth(admin))
        .expect(204);
    }
    const kept = comments.filter((c) => !removed.includes(c));
    for (const user of [undefined, jake, bob]) {
      const pages = await readBackwards(slug, 2, undefined, user);
      expect(idsOf(pages.toReversed().flatMap((p) => p.comments))).toEqual(idsOf(kept));
      for (const p of pages) for (const c of p.comments) expect(c).not.toHaveProperty('removedAt');
    }
    const asAdmin = await readBackwards(slug, 2, undefined, admin);
    const seen = asAdmin.toReversed().flatMap((p) => p.comments);
    expect(idsOf(seen)).toEqual(idsOf(comments));
    expect(seen.filter((c) => c.removedAt !== undefined).map((c) => c.id)).toEqual(idsOf(removed));
    // A cursor an admin was given still works for others, skipping what they cannot see.
    const older = await page(slug, { limit: 2, cursor: asAdmin[0]!.nextCursor! }, jake);
    expect(idsOf(older.comments)).toEqual([comments[2]!.id, comments[3]!.id]);
  });

  it('answers 422 for a limit out of range or not an integer', async () => {
    const { slug } = await thread(1);
    for (const [search, errors] of [
      ['limit=101', { limit: ['must be less than or equal to 100'] }],
      ['limit=0', { limit: ['must be greater than or equal to 1'] }],
      ['limit=-1', { limit: ['must be greater than or equal to 1'] }],
      ['limit=abc', { limit: ['must be an integer'] }],
      ['limit=1.5', { limit: ['must be an integer'] }],
    ] as const) {
      const res = await service.api.get(`${articleUrl(slug, '/comments')}?${search}`).expect(422);
      expectProblem(res, 422, { errors });
    }
  });

  it('answers 422 for a forged, garbled or over-long cursor', async () => {
    const { slug } = await thread(1);
    const b64 = (value: string) => Buffer.from(value).toString('base64url');
    for (const cursor of [
      'not-a-cursor',
      '!!!',
      b64('{}'),
      b64('null'),
      b64('{"c":"yesterday","i":1}'),
      b64('{"c":"2026-01-01T00:00:00.000Z","i":"1"}'),
      b64('{"c":"2026-01-01T00:00:00.000Z","i":0}'),
      b64('{"c":"2026-01-01T00:00:00.000Z","i":2147483648}'),
      b64('{"c":"+100000-01-01T00:00:00.000Z","i":1}'),
    ]) {
      const res = await service.api
        .get(articleUrl(slug, '/comments'))
        .query({ cursor })
        .expect(422);
      expectProblem(res, 422, { errors: { cursor: ['is invalid'] } });
    }
    for (const cursor of ['', 'a'.repeat(201)]) {
      const res = await service.api
        .get(articleUrl(slug, '/comments'))
        .query({ cursor })
        .expect(422);
      expect(Object.keys(res.body.errors)).toEqual(['cursor']);
    }
  });

  it('answers 404 for an unknown article, whatever the page asked for', async () => {
    const { slug } = await thread(2);
    const { nextCursor } = await page(slug, { limit: 1 });
    const res = await service.api
      .get(articleUrl(`no-such-article-${uniqueId()}`, '/comments'))
      .query({ limit: 1, cursor: nextCursor! })
      .expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });
});
