import { expect } from 'chai';
import { CATALOGUE } from '../../../server/data/seed/catalogue.ts';
import { generateDemoData } from '../../../server/data/seed/demo-data.ts';
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
