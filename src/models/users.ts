// The user aggregate: what every backend stores and the repository it implements.

export interface UserRecord {
  id: number;
  email: string;
  username: string;
  passwordHash: string;
  bio: string | null;
  image: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUserRecord {
  email: string;
  username: string;
  passwordHash: string;
}

export type UserChanges = Partial<
  Pick<UserRecord, 'email' | 'username' | 'passwordHash' | 'bio' | 'image'>
>;

export interface UserRepository {
  /** Throws ConflictError naming `email` and/or `username` when taken (ignoring case). */
  create(user: NewUserRecord): Promise<UserRecord>;
  findById(id: number): Promise<UserRecord | undefined>;
  /** Matches ignoring case. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** Throws NotFoundError when the user is gone, ConflictError when a unique value is taken. */
  update(id: number, changes: UserChanges): Promise<UserRecord>;
  exists(id: number): Promise<boolean>;
}
