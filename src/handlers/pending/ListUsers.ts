// Scaffolded by `make scaffold`: ListUsers, GET /api/admin/users (List accounts).
// It answers 501 Not Implemented (/problems/not-implemented) until the operation has a
// handler. To implement it, add the operation to a handler module under src/handlers/, where
// the compiler checks it against the spec, then delete this file and run `make scaffold`.
// If the operation leaves the spec, this file stops compiling: delete it.
import type { ListUsersRequest, ListUsersResponse } from '../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
import { NotImplementedError } from '../../http/errors.js';

export async function ListUsers(_request: ListUsersRequest<Principal>): Promise<ListUsersResponse> {
  throw new NotImplementedError('ListUsers');
}
