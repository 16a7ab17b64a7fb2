import { expect } from 'chai';
import request from 'supertest';
import { shopPages } from '../../../server/http/routes/shop-pages.ts';
import { seedDemoData, seedDemoKnowledge } from '../../../server/data/seed/seed-database.ts';
import { buildTestApp } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

describe('shop pages the chat links to', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let app: ReturnType<typeof buildTestApp>;
  before(async () => {
    db = await startTestDatabase();
    await seedDemoData(db.repositories, { contacts: 5 });
    await seedDemoKnowledge(db.repositories);
    app = buildTestApp({ repositories: db.repositories }, { http: [shopPages(db.repositories)] });
  });
  after(async () => {
    await app.close();
    await db.stop();
  });

  it('shows a knowledge article at /help/<slug>, marked as the demo shop’s invented policy', async () => {
    const response = await request(app.app).get('/help/payment-methods').expect(200);
    expect(response.type).to.equal('text/html');
    expect(response.text)
      .to.contain('<h1>Payment methods</h1>')
      .and.contain('PayPal')
      .and.contain('invented');
  });

  it('shows a product with its price and availability at /products/<sku>', async () => {
    const inStock = await request(app.app).get('/products/AUD-101').expect(200);
    expect(inStock.text)
      .to.contain('Aria Over-Ear Headphones (White)')
      .and.contain('149.00 USD')
      .and.contain('In stock');
    const soldOut = await request(app.app).get('/products/AUD-121').expect(200);
    expect(soldOut.text).to.contain('Out of stock');
  });

  it('answers an unknown or malformed name with the JSON 404', async () => {
    for (const path of [
      '/help/no-such-page',
      '/help/..%2F..',
      '/products/NOPE-1',
      '/products/%3Cscript%3E',
    ]) {
      const response = await request(app.app).get(path).expect(404);
      expect(response.body.error.code).to.equal('NOT_FOUND');
    }
  });
});
