// Moderation of anyone's articles and comments; admins only, as the spec declares.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { ModerationService } from '../services/moderation.js';
import { answering } from './answering.js';
import { presentArticle, presentComment } from './presenters.js';

type ModerationHandlers = Pick<
  Handlers<Principal>,
  'RemoveArticle' | 'RestoreArticle' | 'RemoveComment' | 'RestoreComment'
>;

const actorOf = ({ principal, requestId }: { principal: Principal; requestId: string }) => ({
  userId: principal.userId,
  requestId,
});

export function moderationHandlers(moderation: ModerationService): ModerationHandlers {
  return {
    RemoveArticle: (request) =>
      answering(['notFound'], async () => {
        await moderation.removeArticle(actorOf(request), request.params.slug);
        return { status: 204 as const };
      }),

    RestoreArticle: (request) =>
      answering(['notFound'], async () => {
        const article = await moderation.restoreArticle(actorOf(request), request.params.slug);
        return { status: 200 as const, body: { article: presentArticle(article) } };
      }),

    RemoveComment: (request) =>
      answering(['notFound'], async () => {
        const { slug, id } = request.params;
        await moderation.removeComment(actorOf(request), slug, id);
        return { status: 204 as const };
      }),

    RestoreComment: (request) =>
      answering(['notFound'], async () => {
        const { slug, id } = request.params;
        const comment = await moderation.restoreComment(actorOf(request), slug, id);
        return { status: 200 as const, body: { comment: presentComment(comment) } };
      }),
  };
}
