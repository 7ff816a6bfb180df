// Opens the configured backend and exposes it as repositories only.
import type { ArticleRepository } from './articles.js';
import type { CommentRepository } from './comments.js';
import { PrismaArticleRepository } from './prisma/articles.js';
import { PrismaCommentRepository } from './prisma/comments.js';
import { openPrismaDatabase, type OpenOptions } from './prisma/connect.js';
import { PrismaProfileRepository } from './prisma/profiles.js';
import { PrismaTagRepository } from './prisma/tags.js';
import { PrismaUserRepository } from './prisma/users.js';
import type { ProfileRepository } from './profiles.js';
import type { TagRepository } from './tags.js';
import type { UserRepository } from './users.js';

export interface Database {
  users: UserRepository;
  profiles: ProfileRepository;
  articles: ArticleRepository;
  comments: CommentRepository;
  tags: TagRepository;
  /** Applies pending schema changes (migrations or indexes). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const { prisma, migrate, close } = await openPrismaDatabase(url, options);
  return {
    users: new PrismaUserRepository(prisma),
    profiles: new PrismaProfileRepository(prisma),
    articles: new PrismaArticleRepository(prisma),
    comments: new PrismaCommentRepository(prisma),
    tags: new PrismaTagRepository(prisma),
    migrate,
    close,
  };
}
