// TagRepository on Mongoose: tags are the articles' own lists, counted by one aggregation.
import type { TagRepository } from '../tags.js';
import type { Models } from './schemas.js';

export class MongooseTagRepository implements TagRepository {
  constructor(private readonly models: Models) {}

  /** One aggregation over the tag lists (each holds a tag once) of the articles that are not
   * removed; ties by name. */
  async list(): Promise<string[]> {
    const tags = await this.models.Article.aggregate<{ _id: string }>([
      { $match: { removedAt: null } },
      { $project: { _id: 0, tagList: 1 } },
      { $unwind: '$tagList' },
      { $group: { _id: '$tagList', articles: { $sum: 1 } } },
      { $sort: { articles: -1, _id: 1 } },
      { $project: { _id: 1 } },
    ]).exec();
    return tags.map((tag) => tag._id);
  }
}
