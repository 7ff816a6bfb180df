// Scaffolded by `make scaffold`: RefreshSession, POST /api/users/refresh (Refresh the access token).
// It answers 501 Not Implemented (/problems/not-implemented) until the operation has a
// handler. To implement it, add the operation to a handler module under src/handlers/, where
// the compiler checks it against the spec, then delete this file and run `make scaffold`.
// If the operation leaves the spec, this file stops compiling: delete it.
import type {
  RefreshSessionRequest,
  RefreshSessionResponse,
} from '../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
import { NotImplementedError } from '../../http/errors.js';

export async function RefreshSession(
  _request: RefreshSessionRequest<Principal>,
): Promise<RefreshSessionResponse> {
  throw new NotImplementedError('RefreshSession');
}
