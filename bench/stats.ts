// Order statistics the benches print.

/** The p-th percentile (0–100) of `xs`, nearest rank (NaN for none); `xs` is not modified. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);
