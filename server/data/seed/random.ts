/** mulberry32: a tiny seeded generator, so the same seed always yields the same demo data. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = 1 - next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const gamma = (shape: number, scale: number): number => {
    if (!(shape > 0) || !(scale > 0)) throw new Error('gamma needs a positive shape and scale');
    if (shape < 1) return gamma(shape + 1, scale) * (1 - next()) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  };
  return {
    next,
    /** Integer in [min, max]. */
    int(min: number, max: number): number {
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    chance(probability: number): boolean {
      return next() < probability;
    },
    /** Standard normal (Box–Muller; one of the pair is dropped, which keeps the stream simple). */
    normal,
    /**
     * Gamma(shape, scale), mean shape·scale: Marsaglia and Tsang's method ("A simple method for generating
     * gamma variables", 2000); below shape 1, Gamma(shape + 1)·U^(1/shape).
     */
    gamma,
    /** Exponential with the given mean. */
    exponential(mean: number): number {
      return -Math.log(1 - next()) * mean;
    },
  };
}

export type Random = ReturnType<typeof createRandom>;
