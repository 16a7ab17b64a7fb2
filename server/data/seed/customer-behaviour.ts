import { CATALOGUE, INTERESTS } from './catalogue.ts';
import type { Random } from './random.ts';

/**
 * How SYNTHETIC demo customers buy over a multi-year history, after the customer-base models fitted to real
 * shops: each customer has a purchase rate, a lifetime and a spend level of their own, all persistent, drawn
 * from skewed distributions (Pareto/NBD: Schmittlein, Morrison and Colombo 1987; gamma-gamma spend: Fader,
 * Hardie and Lee 2005). The shapes are the published fits to the CDNOW panel (r 0.55, s 0.61; p 6.25,
 * q 3.74); the scales are set for the demo shop's volume, chosen before looking at any model's score. A
 * customer's past therefore says something about their future, as it does in a real shop; nothing here is
 * tuned to what the customer models score on it.
 */
export const BEHAVIOUR = {
  /** Purchase rate λ per year ~ Gamma(r, ·), mean 5 orders a year while active. */
  rateShape: 0.55,
  meanRatePerYear: 5,
  /** Dropout rate μ per year ~ Gamma(s, ·), mean 0.5: a lifetime after the first order ~ Exp(μ). */
  dropoutShape: 0.61,
  meanDropoutPerYear: 0.5,
  /** A customer's mean order value p/ν with ν ~ Gamma(q, 1/γ); each order aims at an amount ~ Gamma(p, 1/ν). */
  spendShape: 6.25,
  spendCustomerShape: 3.74,
  meanOrderValue: 120,
  /** More orders than this from one customer would be a reseller, not a shopper. */
  maxOrders: 60,
} as const;

const DAY = 86_400_000;
const YEAR = 365 * DAY;
const bySku = new Map(CATALOGUE.map((product) => [product.sku, product]));

export interface CustomerBehaviour {
  /** First order: the customer joins the shop. */
  acquiredAt: Date;
  ratePerYear: number;
  /** The moment the customer stops buying (may lie in the future). */
  lapsesAt: Date;
  /** ν of the gamma-gamma model: the customer's mean order value is spendShape / ν. */
  spendRate: number;
}

/** One customer's persistent traits; customers join evenly over the history. */
export function drawBehaviour(random: Random, now: Date, historyDays: number): CustomerBehaviour {
  const b = BEHAVIOUR;
  const acquiredAt = new Date(now.getTime() - random.int(24 * 60, historyDays * 24 * 60) * 60_000);
  const ratePerYear = random.gamma(b.rateShape, b.meanRatePerYear / b.rateShape);
  const dropout = random.gamma(b.dropoutShape, b.meanDropoutPerYear / b.dropoutShape);
  const lapsesAt = new Date(acquiredAt.getTime() + random.exponential(1 / dropout) * YEAR);
  // E[p/ν] = p·γ/(q − 1) for ν ~ Gamma(q, rate γ): γ chosen so the mean order value is meanOrderValue.
  const gammaRate = (b.meanOrderValue * (b.spendCustomerShape - 1)) / b.spendShape;
  const spendRate = random.gamma(b.spendCustomerShape, 1 / gammaRate);
  return { acquiredAt, ratePerYear, lapsesAt, spendRate };
}

/** Order times: the first at acquisition, then a Poisson process at the customer's rate until they lapse. */
export function orderTimes(random: Random, behaviour: CustomerBehaviour, now: Date): Date[] {
  const end = Math.min(behaviour.lapsesAt.getTime(), now.getTime());
  const times = [behaviour.acquiredAt];
  let t = behaviour.acquiredAt.getTime();
  while (times.length < BEHAVIOUR.maxOrders) {
    t += random.exponential(YEAR / behaviour.ratePerYear);
    if (t >= end) break;
    times.push(new Date(t));
  }
  return times;
}

/**
 * A basket near an amount drawn from the customer's own spend level: the anchor product from one of their
 * interests, products priced near the amount more likely; the anchor's complements (the co-purchase
 * structure the recommendations learn) mostly while the basket is under the amount.
 */
export function budgetBasket(
  random: Random,
  interests: readonly string[],
  behaviour: CustomerBehaviour,
): Map<string, number> {
  const amount = random.gamma(BEHAVIOUR.spendShape, 1 / behaviour.spendRate);
  const candidates = INTERESTS[random.pick(interests)]!;
  const weights = candidates.map((sku) =>
    Math.exp(-((Math.log(bySku.get(sku)!.price / amount) / 0.6) ** 2) / 2),
  );
  let roll = random.next() * weights.reduce((a, b) => a + b, 0);
  let anchor = candidates[candidates.length - 1]!;
  for (let i = 0; i < candidates.length; i += 1) {
    roll -= weights[i]!;
    if (roll < 0) {
      anchor = candidates[i]!;
      break;
    }
  }
  const basket = new Map<string, number>();
  const anchorPrice = bySku.get(anchor)!.price;
  basket.set(anchor, 2 * anchorPrice <= amount && random.chance(0.3) ? 2 : 1);
  let total = anchorPrice * basket.get(anchor)!;
  for (const complement of bySku.get(anchor)!.complements) {
    const price = bySku.get(complement)!.price;
    if (random.chance(total + price <= amount ? 0.7 : 0.15)) {
      basket.set(complement, 1);
      total += price;
    }
  }
  // A little noise, as real shoppers add unrelated things.
  if (random.chance(0.12)) {
    const extra = random.pick(CATALOGUE).sku;
    if (!basket.has(extra)) basket.set(extra, 1);
  }
  return basket;
}
