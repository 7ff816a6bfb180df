// Tags in use.

export interface TagRepository {
  /** Tags of at least one article, most used first, then by name. */
  list(): Promise<string[]>;
}
