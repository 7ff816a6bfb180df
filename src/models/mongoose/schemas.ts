/**
 * The MongoDB collections of the Mongoose backend, their indexes, and the integer ids they share
 * with the SQL backend.
 *
 * Relations live where one single-document update can change them atomically, since the backend
 * uses no multi-document transactions: an article holds the ids of the users who favorited it
 * (`favoritedBy`, so favoritesCount is that array's size and cannot drift from it), and a user
 * holds the ids of the users they follow (`following`). Tags are the article's own ordered list.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateId } from './errors.js';

export interface UserDocument {
  _id: number;
  /** Lower-cased by the service before it is stored, so the unique index ignores case. */
  email: string;
  /** As the user typed it. */
  username: string;
  /** Lower-cased `username`: makes usernames unique ignoring case. */
  usernameKey: string;
  passwordHash: string;
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
}

export interface CommentDocument {
  _id: number;
  articleId: number;
  authorId: number;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The last id handed out for a collection; `_id` is the collection's name. */
export interface CounterDocument {
  _id: string;
  seq: number;
}

export interface Models {
  User: Model<UserDocument>;
  Article: Model<ArticleDocument>;
  Comment: Model<CommentDocument>;
  Counter: Model<CounterDocument>;
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
  },
  { ...options, collection: 'comments' },
);
// An article's comments, oldest first; deleting an article deletes by articleId too.
commentSchema.index({ articleId: 1, createdAt: 1, _id: 1 }, { name: 'articleId_1_createdAt_1' });

const counterSchema = new Schema<CounterDocument>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { ...options, collection: 'counters' },
);

/** The models, registered on `connection` only (never on Mongoose's global connection). */
export function defineModels(connection: Connection): Models {
  return {
    User: connection.model<UserDocument>('User', userSchema),
    Article: connection.model<ArticleDocument>('Article', articleSchema),
    Comment: connection.model<CommentDocument>('Comment', commentSchema),
    Counter: connection.model<CounterDocument>('Counter', counterSchema),
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
