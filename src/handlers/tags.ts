// Tag operations.
import type { Handlers } from '../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { TagRepository } from '../models/tags.js';

export function tagHandlers(tags: TagRepository): Pick<Handlers<Principal>, 'GetTags'> {
  return {
    GetTags: async () => ({ status: 200, body: { tags: await tags.list() } }),
  };
}
