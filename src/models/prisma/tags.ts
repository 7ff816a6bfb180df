// TagRepository on Prisma.
import type { PrismaClient } from '../../../generated/prisma/client.js';
import type { TagRepository } from '../tags.js';

export class PrismaTagRepository implements TagRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * One query; tags left without articles, or with removed ones only, are not listed. In SQL
   * because the client can order by a relation's count but not by a filtered one.
   */
  async list(): Promise<string[]> {
    const tags = await this.prisma.$queryRaw<{ name: string }[]>`
      SELECT t.name
        FROM tags t
        JOIN article_tags at ON at.tag_id = t.id
        JOIN articles a ON a.id = at.article_id
       WHERE a.removed_at IS NULL
       GROUP BY t.id, t.name
       ORDER BY count(*) DESC, t.name ASC`;
    return tags.map((tag) => tag.name);
  }
}
