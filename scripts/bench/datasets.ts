// The data sets a run can measure: the yardstick of comparisons between Conduit
// implementations (one user, 50 articles, created through the API), and realistic sets of a
// given article count, with many users, tags, follows, favorites and comments.
import type { SeedSizes } from '../seed/data.js';

export interface DataSet {
  /** As the report and --sizes name it: "yardstick", "1k", "100k", "2500". */
  name: string;
  articles: number;
  kind: 'yardstick' | 'realistic';
}

export const YARDSTICK: DataSet = { name: 'yardstick', articles: 50, kind: 'yardstick' };
export const MAX_ARTICLES = 1_000_000;

/** "yardstick", or an article count: "1k", "100k", "2500". */
export function parseDataSet(text: string): DataSet {
  const name = text.trim().toLowerCase();
  if (name === 'yardstick') return YARDSTICK;
  const match = /^(\d+)(k?)$/.exec(name);
  const articles = match ? Number(match[1]) * (match[2] ? 1000 : 1) : NaN;
  if (!Number.isSafeInteger(articles) || articles < 1 || articles > MAX_ARTICLES) {
    throw new Error(
      `unknown size "${text}": write "yardstick" or an article count from 1 to 1000k (e.g. 1k)`,
    );
  }
  return {
    name: articles % 1000 === 0 ? `${articles / 1000}k` : String(articles),
    articles,
    kind: 'realistic',
  };
}

/**
 * The shape of a realistic set: a user per ten articles (at least 50), and on average 4 tags
 * and 5 favorites per article (popular ones get far more), 3 comments, 10 follows per user.
 */
export function realisticSizes(articles: number): SeedSizes {
  return {
    users: Math.max(50, Math.round(articles / 10)),
    articles,
    tagsPerArticle: 4,
    favoritesPerArticle: 5,
    commentsPerArticle: 3,
    followsPerUser: 10,
  };
}

/** The yardstick's content: its single author's 50 articles come from the same word lists. */
export const YARDSTICK_SIZES: SeedSizes = {
  users: 1,
  articles: YARDSTICK.articles,
  tagsPerArticle: 3,
  favoritesPerArticle: 0,
  commentsPerArticle: 0,
  followsPerUser: 0,
};
