// TagRepository on Prisma.
import type { PrismaClient } from '../../../generated/prisma/client.js';
import type { TagRepository } from '../tags.js';

export class PrismaTagRepository implements TagRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * One query on the counts triggers keep (tags.articles_count: published articles per tag), so
   * its cost does not grow with the articles; tags left without published articles are out.
   */
  async list(): Promise<string[]> {
    // Raw: a hot read, and the client's query building costs more than this statement does.
    const tags = await this.prisma.$queryRaw<{ name: string }[]>`
      SELECT name FROM tags WHERE articles_count > 0 ORDER BY articles_count DESC, name`;
    return tags.map((tag) => tag.name);
  }
}
