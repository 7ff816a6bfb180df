// Opaque pagination cursors: a position in a newest-first order (articles, an article's
// comments), base64url-encoded so clients treat it as a token rather than something to build.
import type { ArticlePosition } from '../models/articles.js';

const MAX_ID = 2_147_483_647;

export function encodeCursor(position: ArticlePosition): string {
  return Buffer.from(
    JSON.stringify({ c: position.createdAt.toISOString(), i: position.id }),
  ).toString('base64url');
}

/** The position, or undefined when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): ArticlePosition | undefined {
  try {
    const { c, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      c?: unknown;
      i?: unknown;
    };
    const createdAt = typeof c === 'string' ? new Date(c) : undefined;
    if (!createdAt || Number.isNaN(createdAt.getTime())) return undefined;
    // Only what encodeCursor can make: a time the databases store (PostgreSQL's timestamps end
    // at 4713 BC) and an id that fits their 32-bit id columns.
    const year = createdAt.getUTCFullYear();
    if (year < 1 || year > 9999) return undefined;
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 1 || i > MAX_ID) return undefined;
    return { createdAt, id: i };
  } catch {
    return undefined;
  }
}
