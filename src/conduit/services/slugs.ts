// Slugs: readable, unique article identifiers made from titles.
import { randomBytes } from 'node:crypto';

const MAX_BASE_LENGTH = 80;

/** Literal path segments beside /api/articles/{slug}: an article slug must never shadow them. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['feed']);

/** "Crème Brûlée: how?" -> "creme-brulee-how"; letters of any script are kept. */
export function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_BASE_LENGTH)
    .replace(/-+$/, '');
  return base === '' ? 'article' : base;
}

/** The base with a short random suffix, for when the base is taken. */
export function suffixed(base: string): string {
  const suffix = randomBytes(6)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .padEnd(6, '0')
    .slice(0, 6);
  return `${base}-${suffix}`;
}
