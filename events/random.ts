/**
 * A small seeded random source for the generator: the same seed gives the same behaviour log on
 * every machine, which is what makes generated data usable as test fixtures and benchmark input.
 */

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // mulberry32: 32 bits of state are plenty for fixtures and it is trivially portable.
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }

  /** Index drawn with the given (unnormalised) weights. */
  weighted(weights: readonly number[]): number {
    let r = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** A version-4 UUID in canonical lower-case form, from this source rather than crypto. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = "4";
    hex[16] = (8 + this.int(0, 3)).toString(16);
    const s = hex.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/**
 * Draws item indices with a Zipf-like popularity (weight 1/rank^s), as real catalogues behave: a
 * few items take most of the traffic, which is what makes "popular" a channel worth measuring.
 */
export class ZipfPicker {
  private readonly cumulative: number[];

  constructor(
    private readonly random: SeededRandom,
    size: number,
    exponent = 1.05,
  ) {
    let total = 0;
    this.cumulative = Array.from(
      { length: size },
      (_, rank) => (total += 1 / (rank + 1) ** exponent),
    );
  }

  next(): number {
    const target = this.random.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `count` distinct indices (fewer when the catalogue is smaller), excluding `exclude`. */
  distinct(count: number, exclude: ReadonlySet<number> = new Set()): number[] {
    const available = this.cumulative.length - exclude.size;
    const wanted = Math.min(count, available);
    const chosen = new Set<number>();
    // Popular items repeat often; after a bounded number of draws fill in uniformly.
    for (let draws = 0; chosen.size < wanted && draws < wanted * 20; draws++) {
      const i = this.next();
      if (!exclude.has(i)) chosen.add(i);
    }
    for (let i = 0; chosen.size < wanted; i++) if (!exclude.has(i)) chosen.add(i);
    return [...chosen];
  }
}
