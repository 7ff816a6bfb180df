// Scaffolded by `make scaffold`: ChangeUserRole, PUT /api/admin/users/{username}/role (Change an account's role).
// It answers 501 Not Implemented (/problems/not-implemented) until the operation has a
// handler. To implement it, add the operation to a handler module under src/handlers/, where
// the compiler checks it against the spec, then delete this file and run `make scaffold`.
// If the operation leaves the spec, this file stops compiling: delete it.
import type {
  ChangeUserRoleRequest,
  ChangeUserRoleResponse,
} from '../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
import { NotImplementedError } from '../../http/errors.js';

export async function ChangeUserRole(
  _request: ChangeUserRoleRequest<Principal>,
): Promise<ChangeUserRoleResponse> {
  throw new NotImplementedError('ChangeUserRole');
}
