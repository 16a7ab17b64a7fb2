import { expect } from 'chai';
import { mean, sampleRankCorrelation, sampleVariance } from 'simple-statistics';
import { CATALOGUE } from '../../../server/data/seed/catalogue.ts';
import { generateDemoData } from '../../../server/data/seed/demo-data.ts';
import { createRandom } from '../../../server/data/seed/random.ts';
import { seedDemoData } from '../../../server/data/seed/seed-database.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

const NOW = new Date('2026-11-01T12:00:00Z');

describe('the demo data', () => {
  describe('generation', () => {
    it('is deterministic: the same seed gives the same data', () => {
      expect(generateDemoData({ seed: 7, now: NOW })).to.deep.equal(generateDemoData({ seed: 7, now: NOW }));
    });

    it('differs between seeds', () => {
      const first = generateDemoData({ seed: 7, now: NOW });
      const second = generateDemoData({ seed: 8, now: NOW });
      expect(first.orders.map((order) => order.items)).not.to.deep.equal(
        second.orders.map((order) => order.items),
      );
    });

    it('has a realistic size: a few hundred contacts and one to two thousand orders', () => {
      const data = generateDemoData({ now: NOW });
      expect(data.contacts).to.have.length(300);
      expect(data.orders.length).to.be.within(1000, 2000);
      expect(CATALOGUE.length).to.be.within(40, 60);
      expect(new Set(CATALOGUE.map((product) => product.category)).size).to.be.at.least(6);
    });

    it('is visibly synthetic: example.com addresses, 555 numbers, marked as demo', () => {
      const data = generateDemoData({ now: NOW });
      for (const contact of data.contacts) {
        expect(contact.emails[0]).to.match(/@example\.com$/);
        for (const phone of contact.phones) expect(phone).to.match(/^\+1555\d{7}$/);
        expect(contact.attributes.demo).to.equal(true);
      }
      expect(new Set(data.contacts.map((contact) => contact.emails[0])).size).to.equal(data.contacts.length);
    });

    it('numbers orders in time order, with dates in the year before now and consistent lifecycles', () => {
      const { orders } = generateDemoData({ now: NOW });
      orders.forEach((order, index) => {
        expect(order.number).to.equal(`ORD-${10_001 + index}`);
        if (index > 0) expect(order.placedAt >= orders[index - 1]!.placedAt).to.equal(true);
        expect(NOW.getTime() - order.placedAt.getTime()).to.be.within(0, 365 * 24 * 3600_000);
        if (order.deliveredAt !== null) expect(order.shippedAt! < order.deliveredAt).to.equal(true);
        if (order.status === 'delivered') expect(order.trackingNumber).to.match(/^TRK\d{9}$/);
      });
    });

    it('has co-purchase structure: headphone buyers buy a case far more often than others', () => {
      const { contacts, orders } = generateDemoData({ now: NOW });
      const bought = contacts.map(() => new Set<string>());
      for (const order of orders) for (const item of order.items) bought[order.contact]!.add(item.sku);
      const rate = (group: Set<string>[]) =>
        group.filter((skus) => skus.has('AUD-200')).length / group.length;
      const headphoneBuyers = bought.filter((skus) => skus.has('AUD-100') || skus.has('AUD-101'));
      const others = bought.filter((skus) => !skus.has('AUD-100') && !skus.has('AUD-101'));
      expect(headphoneBuyers.length).to.be.at.least(20);
      expect(rate(headphoneBuyers)).to.be.greaterThan(0.4);
      expect(rate(headphoneBuyers)).to.be.greaterThan(5 * rate(others));
    });
  });

  describe('the two-year history the customer models learn from', () => {
    const YEAR = 365 * 24 * 3600_000;
    const cutoff = NOW.getTime() - YEAR;
    const price = new Map(CATALOGUE.map((product) => [product.sku, product.price]));
    const data = generateDemoData({ seed: 7, now: NOW, historyDays: 730 });
    // Per customer: orders and spend in the first and the second year, and the first order's time.
    const customers = data.contacts.map(() => ({ orders: [0, 0], spend: [0, 0], first: Infinity }));
    for (const order of data.orders) {
      const c = customers[order.contact]!;
      const year = order.placedAt.getTime() < cutoff ? 0 : 1;
      c.orders[year]! += 1;
      c.spend[year]! += order.items.reduce((sum, item) => sum + item.quantity * price.get(item.sku)!, 0);
      c.first = Math.min(c.first, order.placedAt.getTime());
    }
    const firstYearBuyers = customers.filter((c) => c.orders[0]! > 0);

    it('is deterministic, and every order lies in the two years before now', () => {
      expect(generateDemoData({ seed: 7, now: NOW, historyDays: 730 })).to.deep.equal(data);
      for (const order of data.orders) {
        expect(NOW.getTime() - order.placedAt.getTime()).to.be.within(0, 2 * YEAR);
      }
    });

    it('has customers joining throughout and lapsing: about half join in the second year, many stop', () => {
      expect(customers.filter((c) => c.first >= cutoff).length / customers.length).to.be.within(0.35, 0.65);
      const lapsed = firstYearBuyers.filter((c) => c.orders[1] === 0).length / firstYearBuyers.length;
      expect(lapsed).to.be.within(0.2, 0.65);
    });

    it("keeps each customer's habits: first-year frequency and order value carry into the second year", () => {
      // Rank correlations: with orders drawn independently of the customer they would be near 0.
      const frequencyToSpend = sampleRankCorrelation(
        firstYearBuyers.map((c) => c.orders[0]!),
        firstYearBuyers.map((c) => c.spend[1]!),
      );
      expect(frequencyToSpend).to.be.greaterThan(0.3);
      const both = firstYearBuyers.filter((c) => c.orders[1]! > 0);
      const orderValue = sampleRankCorrelation(
        both.map((c) => c.spend[0]! / c.orders[0]!),
        both.map((c) => c.spend[1]! / c.orders[1]!),
      );
      expect(orderValue).to.be.greaterThan(0.3);
    });

    it('is skewed like a real shop: the top fifth of customers bring more than half the revenue', () => {
      const totals = customers.map((c) => c.spend[0]! + c.spend[1]!).sort((a, b) => b - a);
      const top = totals.slice(0, totals.length / 5).reduce((a, b) => a + b, 0);
      expect(top / totals.reduce((a, b) => a + b, 0)).to.be.greaterThan(0.5);
    });

    it('keeps the co-purchase structure: headphone buyers buy a case far more often than others', () => {
      const bought = data.contacts.map(() => new Set<string>());
      for (const order of data.orders) for (const item of order.items) bought[order.contact]!.add(item.sku);
      const rate = (group: Set<string>[]) =>
        group.filter((skus) => skus.has('AUD-200')).length / group.length;
      const headphoneBuyers = bought.filter((skus) => skus.has('AUD-100') || skus.has('AUD-101'));
      const others = bought.filter((skus) => !skus.has('AUD-100') && !skus.has('AUD-101'));
      expect(headphoneBuyers.length).to.be.at.least(10);
      expect(rate(headphoneBuyers)).to.be.greaterThan(5 * rate(others));
    });
  });

  describe('the seeded gamma draws', () => {
    for (const shape of [0.55, 3.74, 6.25]) {
      it(`have the mean shape·scale and variance shape·scale² (shape ${shape})`, () => {
        const random = createRandom(11);
        const draws = Array.from({ length: 40_000 }, () => random.gamma(shape, 2));
        // Standard errors of the sample mean and variance are below 1% and 4% of the targets here.
        expect(mean(draws)).to.be.closeTo(shape * 2, 0.03 * shape * 2);
        expect(sampleVariance(draws)).to.be.closeTo(shape * 4, 0.12 * shape * 4);
        expect(Math.min(...draws)).to.be.greaterThan(0);
      });
    }
  });

  describe('seeding a database', () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await startTestDatabase();
    });
    afterEach(async () => {
      await db.stop();
    });

    it('loads the catalogue and history once; a second run changes nothing', async () => {
      const first = await seedDemoData(db.repositories, { contacts: 40, now: NOW });
      expect(first).to.include({ seeded: true, products: CATALOGUE.length, contacts: 40 });
      const second = await seedDemoData(db.repositories, { contacts: 40, now: NOW });
      expect(second.seeded).to.equal(false);
      expect(await db.repositories.products.count()).to.equal(CATALOGUE.length);
      expect(await db.repositories.orders.count()).to.equal(first.orders);
    });

    it('stores orders whose items point at real products with their prices and totals', async () => {
      await seedDemoData(db.repositories, { contacts: 20, now: NOW });
      const order = await db.repositories.orders.findByNumber('ORD-10001');
      expect(order).not.to.equal(null);
      const products = await db.repositories.products.findByIds(order!.items.map((item) => item.productId));
      expect(products.map((product) => product.sku).sort()).to.deep.equal(
        order!.items.map((item) => item.sku).sort(),
      );
      const total = order!.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
      expect(order!.total).to.equal(Math.round(total * 100) / 100);
      const contact = await db.repositories.contacts.findById(order!.contactId);
      expect(contact!.emails[0]).to.match(/@example\.com$/);
    });

    it('continues order numbering after the seeded orders', async () => {
      const outcome = await seedDemoData(db.repositories, { contacts: 10, now: NOW });
      expect(await db.repositories.counters.next('order')).to.equal(10_000 + outcome.orders + 1);
    });
  });
});
