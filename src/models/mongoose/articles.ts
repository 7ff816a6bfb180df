// ArticleRepository on Mongoose. An article document carries its ordered tags and the ids of the
// users who favorited it, so a favorite is one atomic $addToSet / $pull and favoritesCount is the
// size of that array, computed by the server when articles are read. Removing an article only
// sets its removedAt, so its tags, favorites and comments are all there when it is restored.
import type { PipelineStage, QueryFilter } from 'mongoose';
import type {
  ArticleChanges,
  ArticleFilter,
  ArticleList,
  ArticlePage,
  ArticlePosition,
  ArticleRecord,
  ArticleRepository,
  ArticleSummary,
  NewArticleRecord,
  RemovedOptions,
} from '../articles.js';
import { NotFoundError } from '../errors.js';
import { usernameKey } from '../user-rules.js';
import { translated } from './errors.js';
import { PROFILE_FIELDS, profileIn, profilesOf, toProfile, type ProfileRow } from './profiles.js';
import { clearRemoved, markRemoved, visibleMatch } from './removal.js';
import { insertWithNewId, type ArticleDocument, type Models } from './schemas.js';

type ArticleQuery = QueryFilter<ArticleDocument>;

/** The list order: newest first, id breaking ties (the index createdAt_-1__id_-1). */
const LIST_ORDER = { createdAt: -1, _id: -1 } as const;

/** Strictly after `position` in the list order. */
const afterMatch = ({ createdAt, id }: ArticlePosition): ArticleQuery => ({
  $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }],
});

/** A summary as the server computes it: no favoritedBy array, only its size and the viewer's. */
interface SummaryRow extends Omit<ArticleDocument, 'body' | 'favoritedBy'> {
  favoritesCount: number;
  favorited?: boolean;
}

/**
 * Reads the favorites as a count and, for a viewer, a flag, so the arrays never leave the
 * server. An aggregation $project rather than a find projection: mongo-java-server ignores
 * expressions in find projections.
 */
function summaryProjection(viewerId: number | undefined, withBody: boolean) {
  const favoritedBy = { $ifNull: ['$favoritedBy', []] };
  return {
    slug: 1,
    title: 1,
    description: 1,
    ...(withBody ? { body: 1 } : {}),
    authorId: 1,
    tagList: 1,
    createdAt: 1,
    updatedAt: 1,
    removedAt: 1,
    favoritesCount: { $size: favoritedBy },
    ...(viewerId === undefined ? {} : { favorited: { $in: [viewerId, favoritedBy] } }),
  };
}

/** A repeated tag keeps its first place. */
const uniqueTags = (tagList: readonly string[]): string[] => [...new Set(tagList)];

/** What the filters resolve to (resolveFilter returns null instead when nothing can match). */
interface ResolvedFilter {
  match: ArticleQuery;
  /** The viewer's follows, when resolving the feed read them already. */
  viewerFollowing?: ReadonlySet<number>;
}

export class MongooseArticleRepository implements ArticleRepository {
  constructor(private readonly models: Models) {}

  /**
   * At most one query to resolve the filters' users (author, favoritedBy, the feed's follows),
   * then the page and the total count side by side, then the page's authors and the viewer's
   * follows side by side: three (anonymous, unfiltered) to five commands, whatever the page size.
   */
  async list(
    filter: ArticleFilter,
    page: ArticlePage,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<ArticleList> {
    const resolved = await this.resolveFilter(filter, viewerId, options);
    if (resolved === null) return { articles: [], articlesCount: 0 };
    const { match, viewerFollowing } = resolved;
    const pageMatch = page.after === undefined ? match : { $and: [match, afterMatch(page.after)] };
    const skip = page.after === undefined && page.offset ? page.offset : 0;
    const [rows, articlesCount] = await Promise.all([
      page.limit > 0
        ? this.summaries(
            [
              { $match: pageMatch },
              { $sort: LIST_ORDER },
              ...(skip > 0 ? [{ $skip: skip }] : []),
              { $limit: page.limit },
            ],
            viewerId,
            false,
          )
        : [],
      this.models.Article.countDocuments(match),
    ]);
    return { articles: await this.withAuthors(rows, viewerId, viewerFollowing), articlesCount };
  }

  async findBySlug(
    slug: string,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<ArticleRecord | undefined> {
    return this.readOne({ slug, ...visibleMatch(options) }, viewerId);
  }

  /** Throws NotFoundError('user') for a missing author, ConflictError(['slug']) for a taken slug. */
  async create(article: NewArticleRecord): Promise<ArticleRecord> {
    const { User, Article, Counter } = this.models;
    const { authorId, slug, title, description, body } = article;
    const author = await User.findOne({ _id: authorId }, PROFILE_FIELDS).lean<ProfileRow>();
    if (author === null) throw new NotFoundError('user');
    const now = new Date();
    const tagList = uniqueTags(article.tagList);
    const stored = {
      slug,
      title,
      description,
      body,
      tagList,
      createdAt: now,
      updatedAt: now,
      removedAt: null,
    };
    const id = await translated(
      insertWithNewId(Counter, 'articles', (_id) =>
        Article.create({ _id, authorId, ...stored, favoritedBy: [] }),
      ),
    );
    return {
      id,
      ...stored,
      favorited: false,
      favoritesCount: 0,
      // Nobody follows themselves.
      author: toProfile(author, false),
    };
  }

  /** A new tagList replaces the old, in its order. Always bumps updatedAt. */
  async update(id: number, changes: ArticleChanges, viewerId: number): Promise<ArticleRecord> {
    const set: Partial<ArticleDocument> = { updatedAt: new Date() };
    if (changes.title !== undefined) set.title = changes.title;
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.body !== undefined) set.body = changes.body;
    if (changes.tagList !== undefined) set.tagList = uniqueTags(changes.tagList);
    const { matchedCount } = await translated(
      this.models.Article.updateOne({ _id: id }, { $set: set }),
    );
    if (matchedCount === 0) throw new NotFoundError('article');
    // Deleted in between: as gone as if it had been before.
    const article = await this.readOne({ _id: id }, viewerId);
    if (article === undefined) throw new NotFoundError('article');
    return article;
  }

  async remove(id: number, at: Date): Promise<void> {
    await markRemoved(this.models.Article, id, at);
  }

  async restore(id: number): Promise<void> {
    await clearRemoved(this.models.Article, id);
  }

  /** Idempotent; NotFoundError('user'), or NotFoundError('article') when the article is gone or
   * removed. */
  async favorite(userId: number, articleId: number): Promise<void> {
    if ((await this.models.User.exists({ _id: userId })) === null) throw new NotFoundError('user');
    const { matchedCount } = await this.models.Article.updateOne(
      { _id: articleId, removedAt: null },
      { $addToSet: { favoritedBy: userId } },
    );
    if (matchedCount === 0) throw new NotFoundError('article');
  }

  async unfavorite(userId: number, articleId: number): Promise<void> {
    await this.models.Article.updateOne({ _id: articleId }, { $pull: { favoritedBy: userId } });
  }

  /**
   * The filters as one query on articles, removed ones left out unless `includeRemoved`.
   * Usernames (author, favoritedBy) and the feed's follower are read in one query; null when one
   * of them does not exist or follows nobody.
   */
  private async resolveFilter(
    { tag, author, favoritedBy, followedBy }: ArticleFilter,
    viewerId: number | undefined,
    options: RemovedOptions,
  ): Promise<ResolvedFilter | null> {
    const conditions: ArticleQuery[] = options.includeRemoved === true ? [] : [{ removedAt: null }];
    if (tag !== undefined) conditions.push({ tagList: tag });
    const authorKey = author === undefined ? undefined : usernameKey(author);
    const fanKey = favoritedBy === undefined ? undefined : usernameKey(favoritedBy);
    const keys = [authorKey, fanKey].filter((key): key is string => key !== undefined);
    let viewerFollowing: ReadonlySet<number> | undefined;

    if (keys.length > 0 || followedBy !== undefined) {
      const users = await this.models.User.find(
        {
          $or: [
            ...(keys.length > 0 ? [{ usernameKey: { $in: keys } }] : []),
            ...(followedBy === undefined ? [] : [{ _id: followedBy }]),
          ],
        },
        { usernameKey: 1, following: 1 },
      ).lean<{ _id: number; usernameKey: string; following?: number[] }[]>();
      const idOf = (key: string) => users.find((user) => user.usernameKey === key)?._id;

      if (authorKey !== undefined) {
        const authorId = idOf(authorKey);
        if (authorId === undefined) return null;
        conditions.push({ authorId });
      }
      if (fanKey !== undefined) {
        const fanId = idOf(fanKey);
        if (fanId === undefined) return null;
        conditions.push({ favoritedBy: fanId });
      }
      if (followedBy !== undefined) {
        const followed = users.find((user) => user._id === followedBy)?.following ?? [];
        if (followed.length === 0) return null;
        conditions.push({ authorId: { $in: followed } });
        if (followedBy === viewerId) viewerFollowing = new Set(followed);
      }
    }
    const match = conditions.length === 0 ? {} : { $and: conditions };
    return viewerFollowing === undefined ? { match } : { match, viewerFollowing };
  }

  private summaries(
    stages: PipelineStage[],
    viewerId: number | undefined,
    withBody: boolean,
  ): Promise<(SummaryRow & { body?: string })[]> {
    return this.models.Article.aggregate<SummaryRow & { body?: string }>([
      ...stages,
      { $project: summaryProjection(viewerId, withBody) },
    ]).exec();
  }

  /** One article with its body, by a unique key: three commands at most. */
  private async readOne(
    match: ArticleQuery,
    viewerId: number | undefined,
  ): Promise<ArticleRecord | undefined> {
    const rows = await this.summaries([{ $match: match }, { $limit: 1 }], viewerId, true);
    const [article] = await this.withAuthors(rows, viewerId);
    const row = rows[0];
    return article === undefined || row === undefined
      ? undefined
      : { ...article, body: row.body ?? '' };
  }

  /** The rows as summaries with their authors' profiles (two commands for any number). */
  private async withAuthors(
    rows: readonly SummaryRow[],
    viewerId: number | undefined,
    viewerFollowing?: ReadonlySet<number>,
  ): Promise<ArticleSummary[]> {
    const profiles = await profilesOf(
      this.models.User,
      rows.map((row) => row.authorId),
      viewerId,
      viewerFollowing,
    );
    return rows.map((row) => ({
      id: row._id,
      slug: row.slug,
      title: row.title,
      description: row.description,
      tagList: row.tagList ?? [],
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      favorited: row.favorited ?? false,
      favoritesCount: row.favoritesCount,
      author: profileIn(profiles, row.authorId),
      removedAt: row.removedAt ?? null,
    }));
  }
}
