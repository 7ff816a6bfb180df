// Tags in use.

export interface TagRepository {
  /** Tags of at least one article that is not removed, most used first (counting those
   * articles only), then by name. */
  list(): Promise<string[]>;
}
