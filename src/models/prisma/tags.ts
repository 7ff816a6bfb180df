// TagRepository on Prisma.
import { Prisma } from '../../../generated/prisma/client.js';
import type { SqlReader } from './sql-reader.js';
import type { TagRepository } from '../tags.js';

export class PrismaTagRepository implements TagRepository {
  constructor(private readonly sql: SqlReader) {}

  /**
   * One query on the counts triggers keep (tags.articles_count: published articles per tag), so
   * its cost does not grow with the articles; tags left without published articles are out.
   */
  async list(): Promise<string[]> {
    const tags = await this.sql.rows<{ name: string }>(Prisma.sql`
      SELECT name FROM tags WHERE articles_count > 0 ORDER BY articles_count DESC, name`);
    return tags.map((tag) => tag.name);
  }
}
