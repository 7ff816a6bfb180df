// The user aggregate: what every backend stores and the repository it implements.

/** What a user may do beyond their own content; every new user is a 'user'. */
export type Role = 'user' | 'admin';

export const ROLES: readonly Role[] = ['user', 'admin'];

export interface UserRecord {
  id: number;
  email: string;
  username: string;
  passwordHash: string;
  role: Role;
  bio: string | null;
  image: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** No role: a new user is always a 'user'. */
export interface NewUserRecord {
  email: string;
  username: string;
  passwordHash: string;
}

/** No role: it changes through setRole only. */
export type UserChanges = Partial<
  Pick<UserRecord, 'email' | 'username' | 'passwordHash' | 'bio' | 'image'>
>;

export interface UserRepository {
  /** Throws ConflictError naming `email` and/or `username` when taken (ignoring case). */
  create(user: NewUserRecord): Promise<UserRecord>;
  findById(id: number): Promise<UserRecord | undefined>;
  /** Matches ignoring case. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** Matches ignoring case. */
  findByUsername(username: string): Promise<UserRecord | undefined>;
  /** Throws NotFoundError when the user is gone, ConflictError when a unique value is taken. */
  update(id: number, changes: UserChanges): Promise<UserRecord>;
  /** Throws NotFoundError when the user is gone. */
  setRole(id: number, role: Role): Promise<UserRecord>;
  /** By id ascending; usersCount counts every user, whatever the page. */
  list(page: {
    limit: number;
    offset: number;
  }): Promise<{ users: UserRecord[]; usersCount: number }>;
  exists(id: number): Promise<boolean>;
  /** The user's role in one cheap query (e.g. per authenticated request); undefined when gone. */
  findRole(id: number): Promise<Role | undefined>;
}
