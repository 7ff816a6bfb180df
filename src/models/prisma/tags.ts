// TagRepository on Prisma.
import type { PrismaClient } from '../../../generated/prisma/client.js';
import type { TagRepository } from '../tags.js';

export class PrismaTagRepository implements TagRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** One query; tags left without articles are not listed. */
  async list(): Promise<string[]> {
    const tags = await this.prisma.tag.findMany({
      where: { articles: { some: {} } },
      orderBy: [{ articles: { _count: 'desc' } }, { name: 'asc' }],
      select: { name: true },
    });
    return tags.map((tag) => tag.name);
  }
}
