// Offset pages over a whole collection, for the lists that page without filters.
import type { Model, ProjectionType, SortOrder } from 'mongoose';

/** The page in `sort` order and the count of every document, side by side. */
export async function offsetPage<T, Row>(
  model: Model<T>,
  sort: Record<string, SortOrder>,
  page: { limit: number; offset: number },
  projection: ProjectionType<T> = {},
): Promise<{ rows: Row[]; count: number }> {
  const [rows, count] = await Promise.all([
    // A limit of 0 means no limit to MongoDB.
    page.limit > 0
      ? model.find({}, projection).sort(sort).skip(page.offset).limit(page.limit).lean<Row[]>()
      : [],
    model.countDocuments(),
  ]);
  return { rows, count };
}
