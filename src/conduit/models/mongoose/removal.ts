// Soft delete on Mongoose: one conditional update sets or clears removedAt, and updatedAt, which
// tells when the content last changed, stays as it was.
import type { Model } from 'mongoose';
import type { RemovedOptions } from '../articles.js';

interface Removable {
  _id: number;
  removedAt: Date | null;
}

/** A filter for documents that are not removed (null matches a missing field too), or for every
 * document with `includeRemoved`. */
export const visibleMatch = ({ includeRemoved }: RemovedOptions) =>
  includeRemoved === true ? {} : { removedAt: null };

/** Sets removedAt unless it is set already: removing twice keeps the first time. */
export async function markRemoved<T extends Removable>(
  model: Model<T>,
  id: number,
  at: Date,
): Promise<void> {
  await model.updateOne({ _id: id, removedAt: null }, { $set: { removedAt: at } });
}

export async function clearRemoved<T extends Removable>(
  model: Model<T>,
  id: number,
): Promise<void> {
  await model.updateOne({ _id: id, removedAt: { $ne: null } }, { $set: { removedAt: null } });
}
