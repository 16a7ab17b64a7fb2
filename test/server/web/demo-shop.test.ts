import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import type { ProductRecord } from '../../../server/data/records.ts';
import { CATALOGUE, demoProductImagePath } from '../../../server/data/seed/catalogue.ts';
import { demoShop } from '../../../server/web/demo-shop/routes.ts';
import { buildTestApp } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';

describe('the demo shop at / (storefront over the seeded catalogue)', () => {
  let db: TestDatabase;
  let application: Application;
  let products: ProductRecord[];

  before(async () => {
    db = await startTestDatabase();
    products = await db.repositories.products.insertMany([
      ...CATALOGUE.map(({ complements: _complements, ...entry }) => ({
        ...entry,
        currency: 'USD',
        imageUrl: demoProductImagePath(entry.sku),
        active: true,
      })),
      {
        sku: 'EVIL-1',
        name: '<script>alert(1)</script> Boots',
        description: '"><img src=x onerror=alert(2)>',
        category: 'outdoor',
        price: 10,
        currency: 'USD',
        attributes: { note: '<b>bold</b>' },
        tags: [],
        imageUrl: null,
        active: true,
      },
      {
        sku: 'GONE-1',
        name: 'Withdrawn Lamp',
        description: 'No longer sold.',
        category: 'computing',
        price: 20,
        currency: 'USD',
        attributes: {},
        tags: [],
        imageUrl: null,
        active: false,
      },
    ]);
    application = buildTestApp({ repositories: db.repositories }, { http: [demoShop()] });
  });
  after(async () => {
    await application.close();
    await db.stop();
  });

  const get = (path: string) => request(application.app).get(path);

  it('shows a home page labelled as a demo with synthetic data, the categories, and the widget’s one tag', async () => {
    const response = await get('/');
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.match(/^text\/html/);
    expect(response.text).to.match(
      /Demo shop\.<\/strong> Every product, price, customer and order here is synthetic/,
    );
    for (const category of ['Audio', 'Audio accessories', 'Coffee', 'Outdoor']) {
      expect(response.text).to.include(`>${category}</a>`);
    }
    expect(response.text).to.match(/<script\s+src="\/widget\.js"\s+async\s+data-title="Northwind help"/);
    expect(response.text.match(/<script/g)).to.have.length(2);
  });

  it('sends every page with a Content-Security-Policy without unsafe-inline', async () => {
    const csp = (await get('/')).headers['content-security-policy'] as string;
    expect(csp)
      .to.include("script-src 'self'")
      .and.include("style-src 'self'")
      .and.include("connect-src 'self'");
    expect(csp).to.not.include('unsafe-inline');
  });

  it('lists a category’s products with their prices and links', async () => {
    const response = await get('/category/audio');
    expect(response.status).to.equal(200);
    const audio = products.filter((p) => p.category === 'audio');
    for (const product of audio) {
      expect(response.text).to.include(`href="/products/${product.sku}">${product.name}</a>`);
    }
    expect(response.text).to.include('$149.00');
    expect(response.text).to.include('aria-current="page">Audio</span>');
  });

  it('shows a product page by sku (any case) or by id, and only active products', async () => {
    const aria = products.find((p) => p.sku === 'AUD-100')!;
    for (const path of ['/products/AUD-100', '/products/aud-100', `/products/${aria.id}`]) {
      const response = await get(path);
      expect(response.status, path).to.equal(200);
      expect(response.text, path).to.include(`<h1>${aria.name}</h1>`);
      expect(response.text, path).to.include('SKU AUD-100');
    }
    expect((await get('/products/GONE-1')).status).to.equal(404);
  });

  it('answers unknown products and categories with an HTML 404 page', async () => {
    for (const path of ['/products/NOPE-1', '/products/0123456789abcdef01234567', '/category/spaceships']) {
      const response = await get(path);
      expect(response.status, path).to.equal(404);
      expect(response.headers['content-type'], path).to.match(/^text\/html/);
      expect(response.text, path).to.include('<h1>Not found</h1>');
    }
  });

  it('escapes catalogue text: a product named with markup is shown as text', async () => {
    const response = await get('/products/EVIL-1');
    expect(response.status).to.equal(200);
    expect(response.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt; Boots');
    expect(response.text).to.include('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(response.text).to.include('&lt;b&gt;bold&lt;/b&gt;');
    expect(response.text).to.not.include('<script>alert');
    expect(response.text).to.not.include('<img src=x');
  });

  it('draws each product’s picture as SVG, loadable by shops of other origins', async () => {
    const svg = async (path: string) => {
      const response = await get(path).buffer(true);
      return {
        response,
        text: Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.text,
      };
    };
    const { response, text } = await svg('/demo-shop/images/AUD-100.svg');
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect(response.headers['cross-origin-resource-policy']).to.equal('cross-origin');
    expect(text).to.match(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(text).to.include('<title>Aria Over-Ear Headphones</title>');
    const hostile = await svg('/demo-shop/images/EVIL-1.svg');
    expect(hostile.text).to.include('<title>&lt;script&gt;alert(1)&lt;/script&gt; Boots</title>');
    expect((await get('/demo-shop/images/NOPE.svg')).status).to.equal(404);
  });

  it('serves its stylesheet and script as files (no inline code needed)', async () => {
    expect((await get('/demo-shop/shop.css')).headers['content-type']).to.match(/^text\/css/);
    const script = await get('/demo-shop/shop.js');
    expect(script.headers['content-type']).to.match(/^text\/javascript/);
    expect(script.text).to.include('Concierge.open()');
  });
});
