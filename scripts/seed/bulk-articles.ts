// One article of the bulk plan, with its tags, favorites and comments: the word lists and
// generators of data.ts, and weighted draws that stay fast with thousands of users.
import { slugify } from '../../src/conduit/services/slugs.js';
import {
  COMMENTS,
  DESCRIPTIONS,
  fill,
  MAX_TAGS,
  planBody,
  planTags,
  TITLES,
  TOPICS,
  type SeedSizes,
  type Topic,
} from './data.js';
import type { Random } from './random.js';
import { WeightedSampler } from './sampler.js';

/** A long tail of narrow tags ("react-internals"), as real sites grow. */
const TAIL_WORDS = (
  'tips internals patterns tooling migration security performance testing advanced ' +
  'architecture debugging deployment monitoring news release ecosystem casestudy'
).split(' ');

export interface BulkArticle {
  /** 1-based, in creation order. */
  id: number;
  /** Index in the plan's users. */
  author: number;
  slug: string;
  title: string;
  description: string;
  body: string;
  tagList: string[];
  createdAt: Date;
}

export interface BulkReaction {
  /** Index in the plan's users. */
  user: number;
  /** BulkArticle.id */
  article: number;
  createdAt: Date;
}

export interface PlannedArticle {
  article: BulkArticle;
  /** Each user once. */
  favorites: BulkReaction[];
  comments: (BulkReaction & { body: string })[];
}

export interface ArticleContext {
  sizes: SeedSizes;
  /** Who writes (most articles by a few authors) and who reacts (some readers far more). */
  authors: WeightedSampler;
  readers: WeightedSampler;
  /** Slugs given so far. */
  slugs: Set<string>;
  now: number;
}

const topics = new WeightedSampler(TOPICS.map((_, rank) => 1 / (rank + 1) ** 0.7));

/** As the service makes them: the title's slug, with a short suffix when it is taken. */
function uniqueSlug(random: Random, title: string, taken: Set<string>): string {
  const base = slugify(title);
  let slug = base;
  while (taken.has(slug)) {
    slug = `${base}-${random
      .int(0, 36 ** 6 - 1)
      .toString(36)
      .padStart(6, '0')}`;
  }
  taken.add(slug);
  return slug;
}

function planTagList(random: Random, topic: Topic, mean: number): string[] {
  const tags = planTags(random, topic, Math.min(MAX_TAGS, random.poisson(mean)));
  if (random.chance(0.35)) {
    const tail = `${random.pick(topic.tags)}-${random.pick(TAIL_WORDS)}`;
    if (!tags.includes(tail)) tags.splice(random.int(1, tags.length), 0, tail);
  }
  return tags.slice(0, MAX_TAGS);
}

export function planArticle(random: Random, id: number, createdAt: Date, context: ArticleContext) {
  const { sizes, now } = context;
  const topic = TOPICS[topics.draw(random)] as Topic;
  const title = fill(random.pick(TITLES), random, topic.subject);
  const article: BulkArticle = {
    id,
    author: context.authors.draw(random),
    slug: uniqueSlug(random, title, context.slugs),
    title,
    description: fill(random.pick(DESCRIPTIONS), random, topic.subject),
    body: planBody(random, topic.subject),
    tagList: planTagList(random, topic, sizes.tagsPerArticle),
    createdAt,
  };
  const later = () => new Date(+createdAt + random.float() * (now - +createdAt));
  const popularity = random.popularity();
  const fans = Math.min(sizes.users - 1, random.poisson(sizes.favoritesPerArticle * popularity));
  const favorites = context.readers
    .distinct(random, fans, article.author)
    .map((user) => ({ user, article: id, createdAt: later() }));
  const comments = Array.from(
    { length: random.poisson(sizes.commentsPerArticle * popularity) },
    () => ({
      user: context.readers.draw(random),
      article: id,
      createdAt: later(),
      body: fill(random.pick(COMMENTS), random, topic.subject),
    }),
  );
  return { article, favorites, comments } satisfies PlannedArticle;
}
