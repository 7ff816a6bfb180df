// Article, feed and favorite operations.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { ArticlePageResult, ArticleService } from '../services/articles.js';
import { entityTag, ifMatchHolds } from '../../runtime/http-caching.js';
import { answering } from './answering.js';
import { visibilityFor } from './visibility.js';
import { presentArticle, presentSummary } from './presenters.js';

type ArticleHandlers = Pick<
  Handlers<Principal>,
  | 'GetArticles'
  | 'GetArticlesFeed'
  | 'GetArticle'
  | 'CreateArticle'
  | 'UpdateArticle'
  | 'DeleteArticle'
  | 'CreateArticleFavorite'
  | 'DeleteArticleFavorite'
>;

const presentPage = (page: ArticlePageResult) => ({
  articles: page.articles.map(presentSummary),
  articlesCount: page.articlesCount,
  nextCursor: page.nextCursor,
});

const DEFAULT_LIMIT = 20;

export function articleHandlers(articles: ArticleService): ArticleHandlers {
  const single = (article: Parameters<typeof presentArticle>[0]) => ({
    article: presentArticle(article),
  });
  // If-Match names the tag of GetArticle's answer to this caller: the same body, serialised
  // the same way, has the same tag.
  const readAs = (ifMatch: string | undefined) =>
    ifMatch === undefined
      ? undefined
      : (current: Parameters<typeof presentArticle>[0]) =>
          ifMatchHolds(ifMatch, entityTag(JSON.stringify(single(current))));

  return {
    GetArticles: ({ query, principal }) =>
      answering(['invalid'], async () => {
        const { tag, author, favorited, limit, offset, cursor } = query;
        const page = await articles.list(
          {
            ...(tag !== undefined && { tag }),
            ...(author !== undefined && { author }),
            ...(favorited !== undefined && { favoritedBy: favorited }),
          },
          { limit: limit ?? DEFAULT_LIMIT, offset, cursor },
          principal?.userId,
          visibilityFor(principal),
        );
        return { status: 200 as const, body: presentPage(page) };
      }),

    GetArticlesFeed: ({ query, principal }) =>
      answering(['invalid'], async () => {
        const page = await articles.list(
          { followedBy: principal.userId },
          { limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset, cursor: query.cursor },
          principal.userId,
          visibilityFor(principal),
        );
        return { status: 200 as const, body: presentPage(page) };
      }),

    GetArticle: ({ params, principal }) =>
      answering(['notFound'], async () => ({
        status: 200 as const,
        body: single(await articles.get(params.slug, principal?.userId, visibilityFor(principal))),
      })),

    CreateArticle: async ({ body, principal }) => ({
      status: 201,
      body: single(await articles.create(principal.userId, body.article)),
    }),

    UpdateArticle: ({ params, headers, body, principal }) =>
      answering(['notFound', 'forbidden', 'invalid', 'changed'], async () => ({
        status: 200 as const,
        body: single(
          await articles.update(
            principal.userId,
            params.slug,
            body.article,
            readAs(headers['if-match']),
          ),
        ),
      })),

    DeleteArticle: ({ params, headers, principal }) =>
      answering(['notFound', 'forbidden', 'changed'], async () => {
        await articles.delete(principal.userId, params.slug, readAs(headers['if-match']));
        return { status: 204 as const };
      }),

    CreateArticleFavorite: ({ params, principal }) =>
      answering(['notFound'], async () => ({
        status: 200 as const,
        body: single(await articles.favorite(principal.userId, params.slug)),
      })),

    DeleteArticleFavorite: ({ params, principal }) =>
      answering(['notFound'], async () => ({
        status: 200 as const,
        body: single(await articles.unfavorite(principal.userId, params.slug)),
      })),
  };
}
