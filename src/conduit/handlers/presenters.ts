// Domain records as the spec's response schemas.
import type { components } from '../../../generated/types.js';
import type { ArticleRecord, ArticleSummary } from '../models/articles.js';
import type { CommentRecord } from '../models/comments.js';
import type { ProfileRecord } from '../models/profiles.js';

type Schemas = components['schemas'];

// Only admins are ever given removed records; for everyone else the member never appears.
const removal = (record: { removedAt: Date | null }) =>
  record.removedAt ? { removedAt: record.removedAt.toISOString() } : {};

export const presentProfile = (profile: ProfileRecord): Schemas['Profile'] => ({
  username: profile.username,
  bio: profile.bio,
  image: profile.image,
  following: profile.following,
});

export const presentSummary = (article: ArticleSummary): Schemas['ArticleSummary'] => ({
  slug: article.slug,
  title: article.title,
  description: article.description,
  tagList: article.tagList,
  createdAt: article.createdAt.toISOString(),
  updatedAt: article.updatedAt.toISOString(),
  favorited: article.favorited,
  favoritesCount: article.favoritesCount,
  author: presentProfile(article.author),
  ...removal(article),
});

export const presentArticle = (article: ArticleRecord): Schemas['Article'] => {
  const { slug, title, description, ...rest } = presentSummary(article);
  // Same member order as Conduit's examples, body after description.
  return { slug, title, description, body: article.body, ...rest };
};

export const presentComment = (comment: CommentRecord): Schemas['Comment'] => ({
  id: comment.id,
  createdAt: comment.createdAt.toISOString(),
  updatedAt: comment.updatedAt.toISOString(),
  body: comment.body,
  author: presentProfile(comment.author),
  ...removal(comment),
});
