// Scaffolded by `make scaffold`: RemoveArticle, DELETE /api/admin/articles/{slug} (Remove any article).
// It answers 501 Not Implemented (/problems/not-implemented) until the operation has a
// handler. To implement it, add the operation to a handler module under src/handlers/, where
// the compiler checks it against the spec, then delete this file and run `make scaffold`.
// If the operation leaves the spec, this file stops compiling: delete it.
import type { RemoveArticleRequest, RemoveArticleResponse } from '../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
import { NotImplementedError } from '../../http/errors.js';

export async function RemoveArticle(
  _request: RemoveArticleRequest<Principal>,
): Promise<RemoveArticleResponse> {
  throw new NotImplementedError('RemoveArticle');
}
