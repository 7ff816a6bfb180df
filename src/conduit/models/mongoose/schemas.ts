/**
 * The MongoDB collections of the Mongoose backend, their indexes, and the integer ids they share
 * with the SQL backend.
 *
 * Relations live where one single-document update can change them atomically, since the backend
 * uses no multi-document transactions: an article holds the ids of the users who favorited it
 * (`favoritedBy`, so favoritesCount is that array's size and cannot drift from it), and a user
 * holds the ids of the users they follow (`following`). Tags are the article's own ordered list.
 *
 * Fields added after a collection first held documents (role, removedAt) may be missing from
 * older ones; reads take a missing one as its default ('user', null), and `removedAt: null`
 * matches a missing field too, so no data migration is needed.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { NewAuditEvent } from '../audit.js';
import type { RefreshTokenRecord } from '../sessions.js';
import { ROLES, type Role } from '../users.js';
import { isDuplicateId } from './translate-errors.js';

export interface UserDocument {
  _id: number;
  /** Lower-cased by the service before it is stored, so the unique index ignores case. */
  email: string;
  /** As the user typed it. */
  username: string;
  /** Lower-cased `username`: makes usernames unique ignoring case. */
  usernameKey: string;
  passwordHash: string;
  role: Role;
  bio: string | null;
  image: string | null;
  /** Ids of the users this user follows. */
  following: number[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ArticleDocument {
  _id: number;
  slug: string;
  title: string;
  description: string;
  body: string;
  authorId: number;
  /** In the author's order, without repeats. */
  tagList: string[];
  /** Ids of the users who favorited the article, each once. */
  favoritedBy: number[];
  createdAt: Date;
  updatedAt: Date;
  /** Set while the article is removed (soft delete). */
  removedAt: Date | null;
}

export interface CommentDocument {
  _id: number;
  articleId: number;
  authorId: number;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  /** Set while the comment is removed (soft delete). */
  removedAt: Date | null;
}

/** A refresh token, by its hash; the raw token is never stored. */
export interface RefreshTokenDocument extends Omit<RefreshTokenRecord, 'id'> {
  _id: number;
  tokenHash: string;
}

/** An audit event; the actor's username as it was, not a reference. */
export interface AuditEventDocument extends NewAuditEvent {
  _id: number;
  createdAt: Date;
}

/** The last id handed out for a collection; `_id` is the collection's name. */
export interface CounterDocument {
  _id: string;
  seq: number;
}

export interface IdempotencyKeyDocument {
  /** `<scope> <key>`: one document per key and scope, made unique by the `_id` index. */
  _id: string;
  fingerprint: string;
  status: number | null;
  contentType: string | null;
  body: string | null;
  leaseUntil: Date;
  expiresAt: Date;
}

export interface Models {
  User: Model<UserDocument>;
  Article: Model<ArticleDocument>;
  Comment: Model<CommentDocument>;
  RefreshToken: Model<RefreshTokenDocument>;
  AuditEvent: Model<AuditEventDocument>;
  Counter: Model<CounterDocument>;
  IdempotencyKey: Model<IdempotencyKeyDocument>;
}

// Documents are read lean and written whole; no version key, no `id` virtual (ids are `_id`),
// and indexes are built by migrate(), not behind the application's back on first use.
const options = { versionKey: false, id: false, autoIndex: false, autoCreate: false } as const;

// Strings are not `required`: Mongoose's required refuses '', which the SQL backend stores.
const userSchema = new Schema<UserDocument>(
  {
    _id: { type: Number, required: true },
    email: String,
    username: String,
    usernameKey: String,
    passwordHash: String,
    role: { type: String, enum: ROLES, default: 'user' },
    bio: { type: String, default: null },
    image: { type: String, default: null },
    following: { type: [Number], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'users' },
);
// Named, so that a duplicate-key error names the index the same way on every server.
userSchema.index({ email: 1 }, { unique: true, name: 'email_1' });
userSchema.index({ usernameKey: 1 }, { unique: true, name: 'usernameKey_1' });

const articleSchema = new Schema<ArticleDocument>(
  {
    _id: { type: Number, required: true },
    slug: String,
    title: String,
    description: String,
    body: String,
    authorId: { type: Number, required: true },
    tagList: { type: [String], default: [] },
    favoritedBy: { type: [Number], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    removedAt: { type: Date, default: null },
  },
  { ...options, collection: 'articles' },
);
articleSchema.index({ slug: 1 }, { unique: true, name: 'slug_1' });
// The list order (newest first, id breaking ties), alone and after each list filter.
articleSchema.index({ createdAt: -1, _id: -1 }, { name: 'createdAt_-1__id_-1' });
articleSchema.index({ authorId: 1, createdAt: -1, _id: -1 }, { name: 'authorId_1_createdAt_-1' });
articleSchema.index({ tagList: 1, createdAt: -1, _id: -1 }, { name: 'tagList_1_createdAt_-1' });
articleSchema.index(
  { favoritedBy: 1, createdAt: -1, _id: -1 },
  { name: 'favoritedBy_1_createdAt_-1' },
);

const commentSchema = new Schema<CommentDocument>(
  {
    _id: { type: Number, required: true },
    articleId: { type: Number, required: true },
    authorId: { type: Number, required: true },
    body: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    removedAt: { type: Date, default: null },
  },
  { ...options, collection: 'comments' },
);
// An article's thread in order (createdAt, then _id); a page reads it backwards from a position.
commentSchema.index({ articleId: 1, createdAt: 1, _id: 1 }, { name: 'articleId_1_createdAt_1' });

const refreshTokenSchema = new Schema<RefreshTokenDocument>(
  {
    _id: { type: Number, required: true },
    userId: { type: Number, required: true },
    familyId: String,
    tokenHash: String,
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { ...options, collection: 'refreshtokens' },
);
refreshTokenSchema.index({ tokenHash: 1 }, { unique: true, name: 'tokenHash_1' });
// Revoking a family.
refreshTokenSchema.index({ familyId: 1 }, { name: 'familyId_1' });

const auditEventSchema = new Schema<AuditEventDocument>(
  {
    _id: { type: Number, required: true },
    action: { type: String, required: true },
    actorId: { type: Number, default: null },
    actorUsername: { type: String, default: null },
    target: String,
    detail: { type: String, default: null },
    requestId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { ...options, collection: 'auditevents' },
);
// The list order: newest first, id breaking ties.
auditEventSchema.index({ createdAt: -1, _id: -1 }, { name: 'createdAt_-1__id_-1' });

const counterSchema = new Schema<CounterDocument>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { ...options, collection: 'counters' },
);

const idempotencyKeySchema = new Schema<IdempotencyKeyDocument>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    status: { type: Number, default: null },
    contentType: { type: String, default: null },
    body: { type: String, default: null },
    leaseUntil: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: 'idempotencykeys' },
);
// The server removes kept answers once they expire.
idempotencyKeySchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expiresAt_1' });

/** The models, registered on `connection` only (never on Mongoose's global connection). */
export function defineModels(connection: Connection): Models {
  return {
    User: connection.model<UserDocument>('User', userSchema),
    Article: connection.model<ArticleDocument>('Article', articleSchema),
    Comment: connection.model<CommentDocument>('Comment', commentSchema),
    RefreshToken: connection.model<RefreshTokenDocument>('RefreshToken', refreshTokenSchema),
    AuditEvent: connection.model<AuditEventDocument>('AuditEvent', auditEventSchema),
    Counter: connection.model<CounterDocument>('Counter', counterSchema),
    IdempotencyKey: connection.model<IdempotencyKeyDocument>(
      'IdempotencyKey',
      idempotencyKeySchema,
    ),
  };
}

/** The next id of `collection`: one atomic increment of its counter, created on first use. */
export async function nextId(Counter: Model<CounterDocument>, collection: string): Promise<number> {
  const counter = await Counter.findOneAndUpdate(
    { _id: collection },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after', projection: { seq: 1 } },
  ).lean<CounterDocument>();
  if (counter === null) throw new Error(`counter "${collection}" returned nothing after upsert`);
  return counter.seq;
}

const ID_ATTEMPTS = 5;

/**
 * Inserts with a new id from the counter, trying again with another if the id is taken. On
 * MongoDB the increment is atomic and this runs once; mongo-java-server's findAndModify can hand
 * the same value to two concurrent callers, and then the `_id` index refuses the second insert.
 */
export async function insertWithNewId(
  Counter: Model<CounterDocument>,
  collection: string,
  insert: (id: number) => Promise<unknown>,
): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const id = await nextId(Counter, collection);
    try {
      await insert(id);
      return id;
    } catch (error) {
      if (attempt >= ID_ATTEMPTS || !isDuplicateId(error)) throw error;
    }
  }
}
