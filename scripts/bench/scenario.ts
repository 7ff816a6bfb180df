// From seeded data to what the requests use: the article to read, the reader's token, the
// writers' tokens and the articles the writes go to.
import type { Scenario } from './routes.js';

/** Writes go to at most this many articles, spread over the set. */
const MAX_TARGETS = 200;

function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, index) => {
    return items[Math.floor((index * items.length) / count)] as T;
  });
}

export function assembleScenario(
  slugs: readonly string[],
  readerToken: string,
  writerTokens: string[],
  runId: string,
): Scenario {
  // From the middle of the set: not on the first page of the lists, as most articles are not.
  const slug = slugs[Math.floor(slugs.length / 2)];
  if (slug === undefined) throw new Error('the data set has no article');
  if (writerTokens.length === 0) throw new Error('the data set has no writer');
  return { slug, readerToken, writerTokens, targetSlugs: spread(slugs, MAX_TARGETS), runId };
}
