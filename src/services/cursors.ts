// Opaque pagination cursors: a position in the newest-first order, base64url-encoded so
// clients treat it as a token rather than something to build.
import type { ArticlePosition } from '../models/articles.js';

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
    if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 1) return undefined;
    return { createdAt, id: i };
  } catch {
    return undefined;
  }
}
