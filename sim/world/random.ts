/**
 * A small seeded pseudo-random generator (mulberry32), so a scenario with the same seed draws the same
 * latencies in the same order and the simulated call repeats exactly.
 */

/** A source of uniformly distributed numbers in [0, 1). */
export interface RandomSource {
  next(): number;
}

/** mulberry32: 32-bit state, good enough for latencies and percentage splits, fully reproducible. */
export class SeededRandom implements RandomSource {
  private state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
    }
    this.state = Math.trunc(seed) >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A normally distributed number (Box–Muller). */
  normal(mean: number, standardDeviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
