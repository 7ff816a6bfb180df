// Scaffolded by `make scaffold`: RestoreComment, POST /api/admin/articles/{slug}/comments/{id}/restore (Restore a removed comment).
// It answers 501 Not Implemented (/problems/not-implemented) until the operation has a
// handler. To implement it, add the operation to a handler module under src/handlers/, where
// the compiler checks it against the spec, then delete this file and run `make scaffold`.
// If the operation leaves the spec, this file stops compiling: delete it.
import type {
  RestoreCommentRequest,
  RestoreCommentResponse,
} from '../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
import { NotImplementedError } from '../../http/errors.js';

export async function RestoreComment(
  _request: RestoreCommentRequest<Principal>,
): Promise<RestoreCommentResponse> {
  throw new NotImplementedError('RestoreComment');
}
