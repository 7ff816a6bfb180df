// Scaffolded by `make scaffold`: Logout, POST /api/users/logout (Log out).
// It answers 501 Not Implemented (/problems/not-implemented) until the operation has a
// handler. To implement it, add the operation to a handler module under src/handlers/, where
// the compiler checks it against the spec, then delete this file and run `make scaffold`.
// If the operation leaves the spec, this file stops compiling: delete it.
import type { LogoutRequest, LogoutResponse } from '../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
import { NotImplementedError } from '../../http/errors.js';

export async function Logout(_request: LogoutRequest<Principal>): Promise<LogoutResponse> {
  throw new NotImplementedError('Logout');
}
