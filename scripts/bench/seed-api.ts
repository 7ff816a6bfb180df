// Data seeded through the Conduit API, the way a client would create it: the yardstick set
// always, and the realistic sets of a server given by URL (whose database we cannot reach).
import type { PlannedUser } from '../seed/data.js';
import { DEFAULT_RANDOM_SEED, planSeed, SEED_PASSWORD } from '../seed/data.js';
import { planBulk } from '../seed/bulk-plan.js';
import type { SeedCounts } from '../seed/write-seed.js';
import type { Account } from './accounts.js';
import { mapLimit, type ConduitApi } from './api.js';
import { realisticSizes, YARDSTICK_SIZES } from './datasets.js';

const CONCURRENCY = 8;

export interface SeededData {
  /** Every seeded article's slug, oldest first. */
  slugs: string[];
  /** users[0] is the reader: follows several authors (the yardstick's one author). */
  users: Account[];
  /** The users' tokens, when the seed has them (it registered the users). */
  tokens?: string[];
  counts: SeedCounts;
}

/** A run's accounts on a shared server must not collide with an earlier run's. */
function tagged(user: PlannedUser, tag: string): Account & { password: string } {
  const [local, domain] = user.email.split('@');
  return {
    username: `${user.username}${tag}`,
    email: tag === '' ? user.email : `${local}.${tag}@${domain}`,
    password: SEED_PASSWORD,
  };
}

/** One author publishes 50 articles; a reader follows them (for the feed). */
export async function seedYardstick(api: ConduitApi, tag: string): Promise<SeededData> {
  const plan = planSeed(YARDSTICK_SIZES, DEFAULT_RANDOM_SEED);
  const [author] = plan.users.map((user) => tagged(user, tag));
  if (!author) throw new Error('the yardstick plan has no author');
  const authorToken = await api.register(author);
  const slugs = await mapLimit(plan.articles, 4, ({ title, description, body, tagList }) =>
    api.publish(authorToken, { title, description, body, tagList }),
  );
  const reader = { username: `reader${tag}`, email: `reader${tag && `.${tag}`}@example.com` };
  const readerToken = await api.register({ ...reader, password: SEED_PASSWORD });
  await api.follow(readerToken, author.username);
  const tags = plan.articles.flatMap((article) => article.tagList);
  return {
    slugs,
    users: [reader],
    tokens: [readerToken],
    counts: {
      users: 2,
      follows: 1,
      articles: slugs.length,
      tags: new Set(tags).size,
      taggings: tags.length,
      favorites: 0,
      comments: 0,
    },
  };
}

/** The realistic plan of `articles` articles, request by request. */
export async function seedRealisticByApi(
  api: ConduitApi,
  articles: number,
  tag: string,
  onProgress: (what: string) => void,
): Promise<SeededData> {
  const plan = planBulk(realisticSizes(articles), DEFAULT_RANDOM_SEED);
  const users = plan.users.map((user) => tagged(user, tag));
  const tokens = await mapLimit(users, 4, (user) => api.register(user));
  const token = (index: number) => tokens[index] as string;
  onProgress(`${users.length} users`);
  await mapLimit(plan.follows, CONCURRENCY, ([follower, followed]) =>
    api.follow(token(follower), users[followed]?.username ?? ''),
  );
  onProgress(`${plan.follows.length} follows`);
  const slugs: string[] = [];
  const counts = { users: users.length, follows: plan.follows.length, tags: 0, taggings: 0 };
  const reactions = { favorites: 0, comments: 0 };
  const tags = new Set<string>();
  for (const batch of plan.batches(500)) {
    const made = await mapLimit(batch.articles, CONCURRENCY, (article) =>
      api.publish(token(article.author), article),
    );
    slugs.push(...made);
    const slug = (id: number) => slugs[id - 1] as string;
    await mapLimit(batch.favorites, CONCURRENCY, (favorite) =>
      api.favorite(token(favorite.user), slug(favorite.article)),
    );
    await mapLimit(batch.comments, CONCURRENCY, (comment) =>
      api.comment(token(comment.user), slug(comment.article), comment.body),
    );
    for (const article of batch.articles) article.tagList.forEach((name) => tags.add(name));
    counts.taggings += batch.articles.reduce((sum, article) => sum + article.tagList.length, 0);
    reactions.favorites += batch.favorites.length;
    reactions.comments += batch.comments.length;
    onProgress(`${slugs.length}/${articles} articles`);
  }
  return {
    slugs,
    users,
    tokens,
    counts: { ...counts, articles: slugs.length, tags: tags.size, ...reactions },
  };
}
