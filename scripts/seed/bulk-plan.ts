// A seed plan that scales to 100,000 articles and thousands of users: the same word lists and
// generators as planSeed (data.ts), with O(log n) weighted draws, and articles produced in
// batches (with their tags, favorites and comments) so memory stays bounded. Pure, like data.ts.
import { planUsers, type PlannedUser, type SeedSizes } from './data.js';
import { planArticle, type BulkArticle, type BulkReaction } from './bulk-articles.js';
import { Random } from './random.js';
import { WeightedSampler } from './sampler.js';

export type { BulkArticle, BulkReaction } from './bulk-articles.js';

/** The feed user (user 0) follows this many of the most prolific authors: a full feed. */
const FEED_FOLLOWS = 10;
/** Articles span the last three years, oldest first. */
const SPAN_MS = 3 * 365 * 24 * 3600 * 1000;

export interface BulkBatch {
  articles: BulkArticle[];
  /** Each (user, article) pair once. */
  favorites: BulkReaction[];
  comments: (BulkReaction & { body: string })[];
}

export interface BulkPlan {
  sizes: SeedSizes;
  users: PlannedUser[];
  /** [follower, followed] user indexes, each pair once. */
  follows: [number, number][];
  /** The articles in order, `size` at a time; the same plan yields the same batches. */
  batches(size: number): Generator<BulkBatch>;
}

export function planBulk(sizes: SeedSizes, randomSeed: number, now = Date.now()): BulkPlan {
  const random = new Random(randomSeed);
  const users = planUsers(random, sizes.users);
  // A long tail of authors: a few write a lot, some never write.
  const authorWeights = users.map(() => (random.chance(0.15) ? 0 : random.popularity()));
  // Someone must write, even in a plan of one user.
  authorWeights[0] = Math.max(authorWeights[0] ?? 0, 0.01);
  const authors = new WeightedSampler(authorWeights);
  const followable = new WeightedSampler(authorWeights.map((weight) => weight + 0.05));
  const prolific = authorWeights
    .map((weight, user) => ({ weight, user }))
    .filter(({ user }) => user !== 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, FEED_FOLLOWS)
    .map(({ user }) => user);
  const follows: [number, number][] = prolific.map((user) => [0, user]);
  for (let follower = 1; follower < users.length; follower += 1) {
    const count = Math.min(users.length - 1, random.poisson(sizes.followsPerUser));
    for (const followed of followable.distinct(random, count, follower)) {
      follows.push([follower, followed]);
    }
  }
  // Some readers favorite and comment far more than others.
  const readers = new WeightedSampler(users.map(() => random.popularity() + 0.2));

  return {
    sizes,
    users,
    follows,
    *batches(size) {
      // A generator of its own: the batch size does not change the data.
      const items = new Random(randomSeed + 1);
      const context = { sizes, authors, readers, slugs: new Set<string>(), now };
      const start = now - SPAN_MS;
      let batch: BulkBatch = { articles: [], favorites: [], comments: [] };
      for (let id = 1; id <= sizes.articles; id += 1) {
        const createdAt = new Date(start + (SPAN_MS * (id - 1)) / sizes.articles);
        const planned = planArticle(items, id, createdAt, context);
        batch.articles.push(planned.article);
        batch.favorites.push(...planned.favorites);
        batch.comments.push(...planned.comments);
        if (batch.articles.length === size) {
          yield batch;
          batch = { articles: [], favorites: [], comments: [] };
        }
      }
      if (batch.articles.length > 0) yield batch;
    },
  };
}
