// Tags in use.

export interface TagQuery {
  limit: number;
  /** Only tags that start with this text (exact case). */
  prefix?: string;
}

export interface TagRepository {
  /** The `query.limit` tags of the most articles that are not removed (counting those articles
   * only), then by name; only those starting with `query.prefix` when given. One read. */
  list(query: TagQuery): Promise<string[]>;
}
