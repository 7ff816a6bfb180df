// TagRepository on Mongoose: tags are the articles' own lists, counted by one aggregation.
import type { TagQuery, TagRepository } from '../tags.js';
import type { Models } from './schemas.js';

/** A regular expression for the strings that start with `text`, every character literal. */
const startingWith = (text: string): RegExp =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}`);

export class MongooseTagRepository implements TagRepository {
  constructor(private readonly models: Models) {}

  /** One aggregation over the tag lists (each holds a tag once) of the articles that are not
   * removed; ties by name. A prefix first narrows the articles along the index on tagList (an
   * anchored expression has index bounds), then the tags of those articles. */
  async list({ limit, prefix }: TagQuery): Promise<string[]> {
    const matching = prefix === undefined ? {} : { tagList: startingWith(prefix) };
    const tags = await this.models.Article.aggregate<{ _id: string }>([
      { $match: { removedAt: null, ...matching } },
      { $project: { _id: 0, tagList: 1 } },
      { $unwind: '$tagList' },
      ...(prefix === undefined ? [] : [{ $match: matching }]),
      { $group: { _id: '$tagList', articles: { $sum: 1 } } },
      { $sort: { articles: -1, _id: 1 } },
      { $limit: limit },
      { $project: { _id: 1 } },
    ]).exec();
    return tags.map((tag) => tag._id);
  }
}
