// Writes a seed plan through the service layer, so seeded data obeys the same rules (slugs,
// tag normalization, password hashing) as data created through the API.
import type { Database } from '../../src/conduit/models/database.js';
import { NotFoundError } from '../../src/conduit/models/domain-errors.js';
import type { ArticleService } from '../../src/conduit/services/articles.js';
import type { CommentService } from '../../src/conduit/services/comments.js';
import { createServices } from '../../src/conduit/services/index.js';
import type { ProfileService } from '../../src/conduit/services/profiles.js';
import type { UserService } from '../../src/conduit/services/users.js';
import {
  DEFAULT_RANDOM_SEED,
  DEFAULT_SIZES,
  planSeed,
  SEED_PASSWORD,
  type SeedPlan,
  type SeedSizes,
} from './data.js';

export interface SeedServices {
  users: UserService;
  profiles: ProfileService;
  articles: ArticleService;
  comments: CommentService;
}

/** The services over an open database, wired as the app wires them. */
export function createSeedServices(database: Database): SeedServices {
  // Seeding starts no sessions; the refresh-token lifetime is unused.
  return createServices(database, { refreshTokenTtlSeconds: 60 });
}

export interface SeedCounts {
  users: number;
  follows: number;
  articles: number;
  /** Distinct tags in use. */
  tags: number;
  /** Article-tag links. */
  taggings: number;
  favorites: number;
  comments: number;
}

export interface SeededUser {
  id: number;
  username: string;
  email: string;
  /** How many users this one follows. */
  follows: number;
}

export interface SeedResult {
  /** Every seeded account has this password. */
  password: string;
  /** In seed order; the first follows at least five authors (a non-empty feed). */
  users: SeededUser[];
  /** Slugs of the seeded articles, in the order they were created. */
  slugs: string[];
  counts: SeedCounts;
}

export interface SeedOptions {
  /** Seed of the pseudo-random generator; the same seed and sizes give the same data. */
  randomSeed?: number;
  /** Called as each phase progresses (e.g. to print progress). */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export function countPlan(plan: SeedPlan): SeedCounts {
  return {
    users: plan.users.length,
    follows: plan.follows.length,
    articles: plan.articles.length,
    tags: new Set(plan.articles.flatMap((article) => article.tagList)).size,
    taggings: plan.articles.reduce((sum, article) => sum + article.tagList.length, 0),
    favorites: plan.favorites.length,
    comments: plan.comments.length,
  };
}

/**
 * The username of an account the seed would create first when it already exists, else
 * undefined: a database seeded before (with any sizes) is left alone.
 */
export async function existingSeedUser(
  services: SeedServices,
  randomSeed = DEFAULT_RANDOM_SEED,
): Promise<string | undefined> {
  // The first user depends on the random seed only, not on the sizes.
  const [first] = planSeed({ ...DEFAULT_SIZES, users: 1, articles: 0 }, randomSeed).users;
  if (!first) return undefined;
  try {
    await services.profiles.get(first.username);
    return first.username;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Creates the planned users, follows, articles, favorites and comments, in that order. */
export async function seed(
  services: SeedServices,
  sizes: SeedSizes,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const plan = planSeed(sizes, options.randomSeed ?? DEFAULT_RANDOM_SEED);
  const progress = options.onProgress ?? (() => {});
  const step = <T>(phase: string, items: readonly T[], index: number) => {
    const done = index + 1;
    if (done === items.length || done % 100 === 0) progress(phase, done, items.length);
  };

  const users: SeededUser[] = [];
  for (const [index, planned] of plan.users.entries()) {
    const { username, email, bio, image } = planned;
    const user = await services.users.register({ username, email, password: SEED_PASSWORD });
    if (bio !== null || image !== null) {
      await services.users.update(user.id, { ...(bio && { bio }), ...(image && { image }) });
    }
    users.push({ id: user.id, username, email, follows: 0 });
    step('users', plan.users, index);
  }
  const user = (index: number): SeededUser => {
    const found = users[index];
    if (!found) throw new Error(`seed plan refers to a missing user ${index}`);
    return found;
  };

  for (const [index, [follower, followed]] of plan.follows.entries()) {
    await services.profiles.follow(user(follower).id, user(followed).username);
    user(follower).follows += 1;
    step('follows', plan.follows, index);
  }

  const slugs: string[] = [];
  for (const [index, article] of plan.articles.entries()) {
    const { title, description, body, tagList } = article;
    const created = await services.articles.create(user(article.author).id, {
      title,
      description,
      body,
      tagList,
    });
    slugs.push(created.slug);
    step('articles', plan.articles, index);
  }
  const slug = (index: number): string => {
    const found = slugs[index];
    if (found === undefined) throw new Error(`seed plan refers to a missing article ${index}`);
    return found;
  };

  for (const [index, [fan, article]] of plan.favorites.entries()) {
    await services.articles.favorite(user(fan).id, slug(article));
    step('favorites', plan.favorites, index);
  }

  for (const [index, comment] of plan.comments.entries()) {
    await services.comments.add(user(comment.author).id, slug(comment.article), comment.body);
    step('comments', plan.comments, index);
  }

  return { password: SEED_PASSWORD, users, slugs, counts: countPlan(plan) };
}

/** "25 users, 119 follows, 120 articles (67 tags, 350 taggings), 436 favorites, 299 comments" */
export function describeCounts(counts: SeedCounts): string {
  return (
    `${counts.users} users, ${counts.follows} follows, ${counts.articles} articles ` +
    `(${counts.tags} tags, ${counts.taggings} taggings), ${counts.favorites} favorites, ` +
    `${counts.comments} comments`
  );
}
