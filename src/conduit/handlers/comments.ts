// Comment operations.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { CommentService } from '../services/comments.js';
import { answering } from './answering.js';
import { presentComment } from './presenters.js';
import { visibilityFor } from './visibility.js';

type CommentHandlers = Pick<
  Handlers<Principal>,
  'GetArticleComments' | 'CreateArticleComment' | 'DeleteArticleComment'
>;

/** The spec's default page: the whole of nearly every thread, for clients that do not page. */
const DEFAULT_LIMIT = 50;

export function commentHandlers(comments: CommentService): CommentHandlers {
  return {
    GetArticleComments: ({ params, query, principal }) =>
      answering(['notFound', 'invalid'], async () => {
        const page = await comments.list(
          params.slug,
          { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor },
          principal?.userId,
          visibilityFor(principal),
        );
        return {
          status: 200 as const,
          body: { comments: page.comments.map(presentComment), nextCursor: page.nextCursor },
        };
      }),

    CreateArticleComment: ({ params, body, principal }) =>
      answering(['notFound'], async () => {
        const comment = await comments.add(principal.userId, params.slug, body.comment.body);
        return { status: 201 as const, body: { comment: presentComment(comment) } };
      }),

    DeleteArticleComment: ({ params, principal }) =>
      answering(['notFound', 'forbidden'], async () => {
        await comments.delete(principal.userId, params.slug, params.id);
        return { status: 204 as const };
      }),
  };
}
