/**
 * Summary statistics of benchmark samples. Percentiles use the nearest-rank method on a sorted copy
 * (no interpolation), so p50 of an odd-sized sample is its median element and p99 of 2,000 samples is
 * the 1,980th smallest.
 */

/** The p-th percentile (0 < p ≤ 100) by nearest rank; NaN for an empty sample. */
export function percentile(samples: ReadonlyArray<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new Error(`percentile: p must be in (0, 100], got ${p}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The median; for an even-sized sample, the mean of the two middle elements. NaN when empty. */
export function median(samples: ReadonlyArray<number>): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The arithmetic mean; NaN when empty. */
export function mean(samples: ReadonlyArray<number>): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

/** The largest sample; NaN when empty. */
export function max(samples: ReadonlyArray<number>): number {
  return samples.length === 0 ? Number.NaN : Math.max(...samples);
}

/** `value / baseline`, or NaN when the baseline is 0 or missing. */
export function ratio(value: number, baseline: number): number {
  return baseline === 0 || !Number.isFinite(baseline) ? Number.NaN : value / baseline;
}

/** Rounds to `digits` decimals (for the JSON file: fewer meaningless digits, smaller diffs). */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
