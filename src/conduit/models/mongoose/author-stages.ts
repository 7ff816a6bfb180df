// Profiles read inside the aggregation that needs them: the author that articles and comments
// embed, joined by _id, and whether the viewer follows a user (profiles.ts too), as $lookup
// stages on each row. So a page of any size costs no command of its own for its authors or the
// viewer's follows.
import type { PipelineStage } from 'mongoose';
import type { ProfileRecord } from '../profiles.js';
import type { UserDocument } from './schemas.js';

/** The fields of a user that a profile shows. */
export const PROFILE_FIELDS = { username: 1, bio: 1, image: 1 } as const;

export type ProfileRow = Pick<UserDocument, '_id' | 'username' | 'bio' | 'image'>;

/** Stages a $lookup's sub-pipeline may hold. */
export type SubStage = Exclude<PipelineStage, PipelineStage.Merge | PipelineStage.Out>;

/** What authorStages and AUTHOR_FIELDS put on a row. */
export interface AuthorColumns {
  /** Missing only when the author's user is (corrupt data: no API deletes users). */
  author?: ProfileRow;
  /** Whether the viewer follows the author; false for anonymous viewers. */
  authorFollowed?: boolean;
}

/**
 * Puts `viewerFollows` on each row: the viewer, when they follow the user `idField` names, else
 * nothing. Matched by the viewer's _id (the index), so only the viewer's document is read, and
 * compared there rather than returned, so their follows never leave the server. Nobody follows
 * themselves. Nothing for anonymous viewers.
 */
export function viewerFollowsStages(idField: string, viewerId: number | undefined): SubStage[] {
  if (viewerId === undefined) return [];
  const followed = { $in: ['$$userId', { $ifNull: ['$following', []] }] };
  return [
    {
      $lookup: {
        from: 'users',
        let: { userId: `$${idField}` },
        pipeline: [
          {
            $match: { _id: viewerId, $expr: { $and: [{ $ne: ['$$userId', viewerId] }, followed] } },
          },
          { $project: { _id: 1 } },
        ],
        as: 'viewerFollows',
      },
    },
  ];
}

/** True when viewerFollowsStages found the follow; false for anonymous viewers too. */
export const VIEWER_FOLLOWS = { $gt: [{ $size: { $ifNull: ['$viewerFollows', []] } }, 0] };

/**
 * Joins the author (by `idField`, matched to users' _id) as `author`, and the viewer's follow of
 * them. The whole user document comes along until AUTHOR_FIELDS, in the caller's final $project,
 * keeps the profile's fields only. A plain localField/foreignField join, which every server
 * runs (mongo-java-server refuses a pipeline next to localField) and MongoDB serves from _id.
 */
export function authorStages(idField: string, viewerId: number | undefined): SubStage[] {
  return [
    { $lookup: { from: 'users', localField: idField, foreignField: '_id', as: 'author' } },
    // At most one user per _id; a missing author stays missing (authorOf reports it).
    { $unwind: { path: '$author', preserveNullAndEmptyArrays: true } },
    ...viewerFollowsStages(idField, viewerId),
  ];
}

/** The $project fields that keep, of what authorStages joined, the AuthorColumns. */
export const AUTHOR_FIELDS = {
  'author._id': 1,
  'author.username': 1,
  'author.bio': 1,
  'author.image': 1,
  authorFollowed: VIEWER_FOLLOWS,
} as const;

export function toProfile(row: ProfileRow, following: boolean): ProfileRecord {
  return {
    id: row._id,
    username: row.username,
    bio: row.bio ?? null,
    image: row.image ?? null,
    following,
  };
}

/** The row's author as a profile; a missing author is corrupt data (no API deletes users). */
export function authorOf(row: AuthorColumns, authorId: number): ProfileRecord {
  if (row.author === undefined) throw new Error(`user ${authorId} is missing but has content`);
  return toProfile(row.author, row.authorFollowed ?? false);
}
