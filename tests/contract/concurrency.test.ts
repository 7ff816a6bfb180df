// Integrity under concurrent requests: many users favoriting and unfavoriting one article at
// once must leave favoritesCount equal to the favorites actually stored, on every backend.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

const USERS = 24;
const ROUNDS = 3;

describe('concurrent favorites', () => {
  it('keep favoritesCount equal to the stored favorites', async () => {
    const author = await registerUser(service.api);
    const created = await service.api
      .post('/api/articles')
      .set(auth(author))
      .send({ article: { title: 'Contended', description: 'Everyone wants it', body: 'Hot' } })
      .expect(201);
    const slug: string = created.body.article.slug;
    const users: TestUser[] = [];
    for (let i = 0; i < USERS; i += 1) users.push(await registerUser(service.api));

    // Every user fires favorite/unfavorite requests at the same time, several rounds, ending on
    // favorite for even users and unfavorite for odd ones.
    const lastAction = (index: number): 'post' | 'delete' => (index % 2 === 0 ? 'post' : 'delete');
    for (let round = 0; round < ROUNDS; round += 1) {
      await Promise.all(
        users.flatMap((user, index) => {
          const actions =
            round === ROUNDS - 1 ? [lastAction(index)] : (['post', 'delete'] as const);
          return actions.map((method) =>
            service.api[method](`/api/articles/${slug}/favorite`).set(auth(user)).expect(200),
          );
        }),
      );
    }

    const article = await service.api.get(`/api/articles/${slug}`).expect(200);
    const stored = await Promise.all(
      users.map(async (user) => {
        const res = await service.api
          .get(`/api/articles?favorited=${encodeURIComponent(user.username)}`)
          .expect(200);
        return res.body.articles.some((a: { slug: string }) => a.slug === slug);
      }),
    );
    const storedCount = stored.filter(Boolean).length;
    expect(storedCount).toBe(USERS / 2);
    expect(article.body.article.favoritesCount).toBe(storedCount);
    stored.forEach((favorited, index) => expect(favorited).toBe(index % 2 === 0));
  });
});
