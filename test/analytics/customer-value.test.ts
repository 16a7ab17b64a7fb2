import { expect } from 'chai';
import {
  crossValidate,
  defaultRepeats,
  featuresAt,
  FEATURES,
  trainCustomerValue,
  WINDOW_DAYS,
  type CustomerHistory,
  type FeatureRow,
} from '../../server/analytics/models/customer-value.ts';
import { createRandom } from '../../server/data/seed/random.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T12:00:00Z');
const CUTOFF = new Date(NOW.getTime() - 365 * DAY);
const daysBefore = (days: number, at = NOW) => new Date(at.getTime() - days * DAY);

/** The same history moved `days` earlier, without what would fall before `dataStart` (unrecorded then). */
function shiftBack(history: CustomerHistory, days: number, dataStart: Date): CustomerHistory {
  const move = (d: Date) => new Date(d.getTime() - days * DAY);
  return {
    contactId: history.contactId,
    orders: history.orders
      .map((o) => ({ ...o, placedAt: move(o.placedAt) }))
      .filter((o) => o.placedAt >= dataStart),
    tickets: history.tickets.map(move).filter((t) => t >= dataStart),
    ratings: history.ratings.map((r) => ({ ...r, at: move(r.at) })).filter((r) => r.at >= dataStart),
  };
}

describe('the customer value regression’s features and evaluation', () => {
  // Two years of data, as the demo seeds: the cut-off sees one year of it, today sees two.
  const dataStart = daysBefore(730);
  const longTimer: CustomerHistory = {
    contactId: 'c1',
    orders: [
      { placedAt: daysBefore(700), total: 400, categories: ['audio'] },
      { placedAt: daysBefore(500), total: 250, categories: ['home'] },
      { placedAt: daysBefore(200), total: 90, categories: ['audio'] },
      { placedAt: daysBefore(30), total: 60, categories: ['books'] },
    ],
    tickets: [daysBefore(600), daysBefore(40)],
    ratings: [
      { at: daysBefore(600), score: 1 },
      { at: daysBefore(40), score: 5 },
    ],
  };

  it('describes a customer today exactly as the same customer a year earlier, seen from the cut-off', () => {
    const today = featuresAt(longTimer, NOW);
    const atCutoff = featuresAt(shiftBack(longTimer, 365, dataStart), CUTOFF);
    expect(today).to.deep.equal(atCutoff);
    expect(today).to.deep.include({ frequency: 2, monetary: 150, tenureDays: 200, recencyDays: 30 });
    expect(today).to.deep.include({ tickets: 1, averageRating: 5, categories: 2 });
  });

  it('ignores orders older than the look-back window, which no training customer could show', () => {
    const recentOnly = {
      ...longTimer,
      orders: longTimer.orders.filter((o) => o.placedAt >= daysBefore(WINDOW_DAYS)),
    };
    expect(featuresAt(longTimer, NOW)).to.deep.equal(featuresAt(recentOnly, NOW));
    // Without an order in the window there is nothing to describe the customer with.
    const lapsed = { ...longTimer, orders: longTimer.orders.slice(0, 2) };
    expect(featuresAt(lapsed, NOW)).to.equal(null);
  });

  it('scores today’s customers only within the range the training rows span on recency and tenure', () => {
    const random = createRandom(7);
    const histories: CustomerHistory[] = Array.from({ length: 300 }, (_, i) => {
      const joined = random.next() * 730;
      const orders = Array.from({ length: random.int(1, 8) }, () => {
        const ago = random.next() * joined;
        return { placedAt: daysBefore(ago), total: 20 + random.next() * 300, categories: ['x'] };
      });
      return { contactId: `c${i}`, orders, tickets: [], ratings: [] };
    });
    const result = trainCustomerValue(histories, NOW);
    expect(result.model).to.not.equal(null);
    const training = result.rows.filter((r) => r.split === 'train');
    for (const name of ['recencyDays', 'tenureDays'] as const) {
      const max = Math.max(...training.map((r) => r.features[name]));
      expect(max).to.be.at.most(WINDOW_DAYS);
      for (const p of result.predictions) expect(p.features[name]).to.be.at.most(WINDOW_DAYS);
    }
    const inWindow = histories.filter((h) => h.orders.some((o) => o.placedAt >= daysBefore(WINDOW_DAYS)));
    expect(result.predictions.map((p) => p.contactId)).to.deep.equal(inWindow.map((h) => h.contactId));
  });

  it('cross-validates every fold: an exact linear target scores R² 1 in each, the mean baseline below 0', () => {
    const random = createRandom(3);
    const rows: FeatureRow[] = Array.from({ length: 60 }, (_, i) => {
      const features = Object.fromEntries(FEATURES.map((name) => [name, random.next() * 100])) as Record<
        (typeof FEATURES)[number],
        number
      >;
      return { contactId: `r${i}`, features, target: 5 + 2 * features.frequency - 3 * features.tenureDays };
    });
    const cv = crossValidate(rows, { folds: 5, repeats: 4, seed: 1 });
    expect(cv).to.include({ folds: 5, repeats: 4, customers: 60, beatBaseline: 20 });
    expect(cv.r2.min).to.be.closeTo(1, 1e-9);
    expect(cv.rmse.max).to.be.closeTo(0, 1e-6);
    expect(cv.baselineR2.max).to.be.at.most(0);
    expect(cv.rmseImprovement.mean).to.be.closeTo(1, 1e-9);
    // Seeded: the same folds, the same figures.
    expect(crossValidate(rows, { folds: 5, repeats: 4, seed: 1 })).to.deep.equal(cv);
  });

  it('repeats the folds 10 times for a few hundred customers, fewer as held-out scores pile up', () => {
    expect([140, 300, 1_000, 20_000].map(defaultRepeats)).to.deep.equal([10, 7, 2, 1]);
  });
});
