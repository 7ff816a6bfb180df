// How articles are read on MongoDB: one aggregation per read, with the author, the tags, the
// favorite count and the viewer's favorite and follow computed in it, plus a count for list
// pages. Filters that name users (author, favoritedBy, the feed's follower) are resolved in the
// same command: it starts on those users, then joins the articles that match their ids, rather
// than spend a round trip of its own on them (round trips dominate a page's time).
import type { PipelineStage, QueryFilter } from 'mongoose';
import type {
  ArticleFilter,
  ArticleList,
  ArticlePage,
  ArticlePosition,
  ArticleRecord,
  ArticleSummary,
  RemovedOptions,
} from '../articles.js';
import { usernameKey } from '../user-rules.js';
import {
  AUTHOR_FIELDS,
  authorOf,
  authorStages,
  type AuthorColumns,
  type SubStage,
} from './author-stages.js';
import { visibleMatch } from './removal.js';
import type { ArticleDocument, Models } from './schemas.js';

type ArticleQuery = QueryFilter<ArticleDocument>;

/** The list order: newest first, id breaking ties (the index createdAt_-1__id_-1). */
const LIST_ORDER = { createdAt: -1, _id: -1 } as const;

/** Strictly after `position` in the list order. */
const afterMatch = ({ createdAt, id }: ArticlePosition): ArticleQuery => ({
  $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }],
});

/** The ids of the users who favorited the article; a missing array is none. */
const FAVORITED_BY = { $ifNull: ['$favoritedBy', []] };

/** An article as rowStages leave it: no favoritedBy array, only its size and the viewer's. */
interface ArticleRow
  extends Omit<ArticleDocument, 'body' | 'favoritedBy' | 'removedAt'>, AuthorColumns {
  body?: string;
  removedAt?: Date | null;
  favoritesCount: number;
  favorited?: boolean;
}

/**
 * The author, the favorites as a count and, for a viewer, a flag, so the arrays never leave the
 * server. An aggregation $project rather than a find projection: mongo-java-server ignores
 * expressions in find projections.
 */
function rowStages(viewerId: number | undefined, withBody: boolean): SubStage[] {
  return [
    ...authorStages('authorId', viewerId),
    {
      $project: {
        slug: 1,
        title: 1,
        description: 1,
        ...(withBody ? { body: 1 } : {}),
        authorId: 1,
        tagList: 1,
        createdAt: 1,
        updatedAt: 1,
        removedAt: 1,
        favoritesCount: { $size: FAVORITED_BY },
        ...(viewerId === undefined ? {} : { favorited: { $in: [viewerId, FAVORITED_BY] } }),
        ...AUTHOR_FIELDS,
      },
    },
  ];
}

const toSummary = (row: ArticleRow): ArticleSummary => ({
  id: row._id,
  slug: row.slug,
  title: row.title,
  description: row.description,
  tagList: row.tagList ?? [],
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  favorited: row.favorited ?? false,
  favoritesCount: row.favoritesCount,
  author: authorOf(row, row.authorId),
  removedAt: row.removedAt ?? null,
});

/**
 * The filters as a match on articles and, when some name users, the stages that resolve those
 * users first: `users` stages end in one document whose fields are the variables `match` reads
 * ($$authorId, $$fanId, $$followed), or in none when a named user does not exist or the feed's
 * follower follows nobody (then nothing matches, and no article is read).
 */
interface Plan {
  match: ArticleQuery;
  users?: { stages: PipelineStage[]; variables: Record<string, string> };
}

/** Of the users a plan resolved ($users), `take` of the one whose `by` is `value`; missing when
 * none is. */
const resolved = (by: '_id' | 'usernameKey', value: number | string, take: '_id' | 'following') => {
  const matching = { $filter: { input: '$users', as: 'u', cond: { $eq: [`$$u.${by}`, value] } } };
  return { $arrayElemAt: [{ $map: { input: matching, as: 'u', in: `$$u.${take}` } }, 0] };
};

function plan(
  { tag, author, favoritedBy, followedBy }: ArticleFilter,
  options: RemovedOptions,
): Plan {
  const match: ArticleQuery = {
    ...visibleMatch(options),
    ...(tag === undefined ? {} : { tagList: tag }),
  };
  const keys: string[] = [];
  /** Each variable, as an expression on the resolved users. */
  const variables: Record<string, unknown> = {};
  /** What the variables must be for any article to match. */
  const found: Record<string, unknown> = {};
  const conditions: unknown[] = [];
  if (author !== undefined) {
    const key = usernameKey(author);
    keys.push(key);
    variables.authorId = resolved('usernameKey', key, '_id');
    found.authorId = { $ne: null };
    conditions.push({ $eq: ['$authorId', '$$authorId'] });
  }
  if (favoritedBy !== undefined) {
    const key = usernameKey(favoritedBy);
    keys.push(key);
    variables.fanId = resolved('usernameKey', key, '_id');
    found.fanId = { $ne: null };
    conditions.push({ $in: ['$$fanId', FAVORITED_BY] });
  }
  if (followedBy !== undefined) {
    variables.followed = { $ifNull: [resolved('_id', followedBy, 'following'), []] };
    found['followed.0'] = { $exists: true };
    conditions.push({ $in: ['$authorId', '$$followed'] });
  }
  if (conditions.length === 0) return { match };

  const named = [
    ...(keys.length === 0 ? [] : [{ usernameKey: { $in: keys } }]),
    ...(followedBy === undefined ? [] : [{ _id: followedBy }]),
  ];
  return {
    match: { ...match, $expr: { $and: conditions } },
    users: {
      stages: [
        // By the unique indexes on usernameKey and _id: at most three users.
        { $match: { $or: named } },
        {
          $group: {
            _id: null,
            users: { $push: { _id: '$_id', usernameKey: '$usernameKey', following: '$following' } },
          },
        },
        { $project: variables },
        { $match: found },
      ],
      variables: Object.fromEntries(Object.keys(variables).map((name) => [name, `$${name}`])),
    },
  };
}

/** Runs `stages` on the plan's articles: on articles directly, or joined from the resolved
 * users (one command either way). */
function onArticles<T>(models: Models, { match, users }: Plan, stages: SubStage[]): Promise<T[]> {
  if (users === undefined) {
    return models.Article.aggregate<T>([{ $match: match }, ...stages]).exec();
  }
  return models.User.aggregate<T>([
    ...users.stages,
    {
      $lookup: {
        from: 'articles',
        let: users.variables,
        pipeline: [{ $match: match }, ...stages],
        as: 'rows',
      },
    },
    // MongoDB folds this $unwind into the $lookup, so the rows never form one (16 MB) document.
    { $unwind: '$rows' },
    { $replaceRoot: { newRoot: '$rows' } },
  ]).exec();
}

/**
 * A page in the list order (newest first, id breaking ties) and the count of every match: two
 * commands, sent together, whatever the page size and the filters.
 */
export async function listArticles(
  models: Models,
  filter: ArticleFilter,
  page: ArticlePage,
  viewerId: number | undefined,
  options: RemovedOptions,
): Promise<ArticleList> {
  const articles = plan(filter, options);
  // The cursor wins over an offset.
  const skip = page.after === undefined ? (page.offset ?? 0) : 0;
  const [rows, counted] = await Promise.all([
    // A limit of 0 means no limit to MongoDB.
    page.limit > 0
      ? onArticles<ArticleRow>(models, articles, [
          ...(page.after === undefined ? [] : [{ $match: afterMatch(page.after) }]),
          { $sort: LIST_ORDER },
          ...(skip > 0 ? [{ $skip: skip }] : []),
          { $limit: page.limit },
          ...rowStages(viewerId, false),
        ])
      : [],
    onArticles<{ count: number }>(models, articles, [{ $count: 'count' }]),
  ]);
  return { articles: rows.map(toSummary), articlesCount: counted[0]?.count ?? 0 };
}

/** One article with its body, by a unique key (slug or _id), in one command. */
export async function readArticle(
  models: Models,
  match: ArticleQuery,
  viewerId: number | undefined,
): Promise<ArticleRecord | undefined> {
  const [row] = await models.Article.aggregate<ArticleRow>([
    { $match: match },
    { $limit: 1 },
    ...rowStages(viewerId, true),
  ]).exec();
  return row === undefined ? undefined : { ...toSummary(row), body: row.body ?? '' };
}
