// Tag operations.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { TagRepository } from '../models/tags.js';

/** The spec's default: a tag cloud's worth, for Conduit clients that send no parameters. */
const DEFAULT_LIMIT = 100;

export function tagHandlers(tags: TagRepository): Pick<Handlers<Principal>, 'GetTags'> {
  return {
    GetTags: async ({ query }) => ({
      status: 200,
      body: {
        tags: await tags.list({
          limit: query.limit ?? DEFAULT_LIMIT,
          ...(query.prefix !== undefined && { prefix: query.prefix }),
        }),
      },
    }),
  };
}
