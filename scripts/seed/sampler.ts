// Weighted draws in O(log n) (prefix sums and a binary search), for data sets with thousands of
// users and 100,000 articles, where Random.weightedIndex's linear scan per draw is too slow.
import type { Random } from './random.js';

export class WeightedSampler {
  private readonly sums: Float64Array;

  constructor(weights: readonly number[]) {
    this.sums = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((weight, index) => {
      total += Math.max(0, weight);
      this.sums[index] = total;
    });
    if (total <= 0) throw new Error('a weighted sampler needs a positive weight');
  }

  /** An index drawn with probability proportional to its weight. */
  draw(random: Random): number {
    const target = random.float() * (this.sums[this.sums.length - 1] ?? 0);
    let low = 0;
    let high = this.sums.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.sums[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /**
   * Up to `count` distinct indexes other than `excluded`. Meant for counts far below the number
   * of items; gives up after a bounded number of repeats, so a small set cannot loop forever.
   */
  distinct(random: Random, count: number, excluded = -1): number[] {
    const chosen = new Set<number>();
    for (let attempts = 0; chosen.size < count && attempts < count * 20 + 20; attempts += 1) {
      const index = this.draw(random);
      if (index !== excluded) chosen.add(index);
    }
    return [...chosen];
  }
}
