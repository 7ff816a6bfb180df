// ArticleRepository on Mongoose. An article document carries its ordered tags and the ids of the
// users who favorited it, so a favorite is one atomic $addToSet / $pull and favoritesCount is the
// size of that array, computed by the server when articles are read. Removing an article only
// sets its removedAt, so its tags, favorites and comments are all there when it is restored.
import type {
  ArticleChanges,
  ArticleFilter,
  ArticleList,
  ArticlePage,
  ArticleRecord,
  ArticleRepository,
  NewArticleRecord,
  RemovedOptions,
} from '../articles.js';
import { ChangedError, NotFoundError } from '../domain-errors.js';
import { listArticles, readArticle } from './article-reads.js';
import { PROFILE_FIELDS, toProfile, type ProfileRow } from './author-stages.js';
import { translated } from './translate-errors.js';
import { clearRemoved, markRemoved, visibleMatch } from './removal.js';
import { insertWithNewId, type ArticleDocument, type Models } from './schemas.js';

/** A repeated tag keeps its first place. */
const uniqueTags = (tagList: readonly string[]): string[] => [...new Set(tagList)];

export class MongooseArticleRepository implements ArticleRepository {
  constructor(private readonly models: Models) {}

  /** Two commands, sent together: the page and the count (article-reads.ts). */
  async list(
    filter: ArticleFilter,
    page: ArticlePage,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<ArticleList> {
    return listArticles(this.models, filter, page, viewerId, options);
  }

  /** One command. */
  async findBySlug(
    slug: string,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<ArticleRecord | undefined> {
    return readArticle(this.models, { slug, ...visibleMatch(options) }, viewerId);
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
  async update(
    id: number,
    changes: ArticleChanges,
    viewerId: number,
    unchangedSince?: Date,
  ): Promise<ArticleRecord> {
    const set: Partial<ArticleDocument> = { updatedAt: new Date() };
    if (changes.title !== undefined) set.title = changes.title;
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.body !== undefined) set.body = changes.body;
    if (changes.tagList !== undefined) set.tagList = uniqueTags(changes.tagList);
    const unchanged = unchangedSince === undefined ? {} : { updatedAt: unchangedSince };
    const { matchedCount } = await translated(
      this.models.Article.updateOne({ _id: id, ...unchanged }, { $set: set }),
    );
    if (matchedCount === 0) {
      const exists =
        unchangedSince !== undefined && (await this.models.Article.exists({ _id: id }));
      throw exists ? new ChangedError('article') : new NotFoundError('article');
    }
    // Deleted in between: as gone as if it had been before.
    const article = await readArticle(this.models, { _id: id }, viewerId);
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
}
