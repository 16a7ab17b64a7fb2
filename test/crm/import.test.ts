import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runImport, type ImportSummary } from '../../server/crm/import/run-import.ts';
import type { RowResult } from '../../server/crm/import/row-importers.ts';
import { parseDate, parseNumber } from '../../server/crm/import/values.ts';
import { AppError } from '../../server/shared/errors.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';
import { runScript } from '../support/processes.ts';
import { planStages, recordingFinds } from '../support/query-plans.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => createReadStream(path.join(FIXTURES, name));

describe('CSV import of contacts, products and orders', () => {
  let db: TestDatabase;
  before(async () => {
    db = await startTestDatabase();
  });
  after(() => db.stop());

  const importFile = async (kind: 'contacts' | 'products' | 'orders', file: string, dryRun = false) => {
    const rows: ({ line: number } & RowResult)[] = [];
    const summary: ImportSummary = await runImport({
      kind,
      input: fixture(file),
      repositories: db.repositories,
      models: db.database.models,
      dryRun,
      map: kind === 'contacts' ? { Tier: 'attributes.tier' } : {},
      onRow: (row) =>
        void rows.push({ line: row.line, outcome: row.outcome, key: row.key, reason: row.reason }),
    });
    return { summary, rows };
  };

  it('reads values as exported: both decimal conventions, day-first and ISO dates', () => {
    expect(parseNumber('1 234,50')).to.equal(1234.5);
    expect(parseNumber('1,299.00')).to.equal(1299);
    expect(parseNumber('12,5')).to.equal(12.5);
    expect(parseNumber('€ 19.99')).to.equal(19.99);
    expect(parseNumber('1.234.567')).to.equal(1234567);
    expect(parseNumber('free')).to.equal(null);
    expect(parseDate('31/12/2025')?.toISOString()).to.equal('2025-12-31T00:00:00.000Z');
    expect(parseDate('12/31/2025', 'mdy')?.toISOString()).to.equal('2025-12-31T00:00:00.000Z');
    expect(parseDate('01.02.2026 14:05')?.toISOString()).to.equal('2026-02-01T14:05:00.000Z');
    expect(parseDate('2026-01-15T10:30:00Z')?.toISOString()).to.equal('2026-01-15T10:30:00.000Z');
    expect(parseDate('31/02/2026')).to.equal(null);
  });

  it('dry-runs a messy Excel export (BOM, ";", quotes, line breaks in a cell, blank lines) without writing', async () => {
    const { summary, rows } = await importFile('contacts', 'contacts-excel-fr.csv', true);
    expect(summary.delimiter).to.equal(';');
    expect(summary.headers).to.deep.equal(['Full Name', 'E-mail', 'Phone', 'Tier']);
    expect(summary.mapping).to.deep.equal({
      'Full Name': 'name',
      'E-mail': 'email',
      Phone: 'phone',
      Tier: 'attributes.tier',
    });
    expect(summary.counts).to.deep.equal({ created: 3, updated: 0, merged: 0, unchanged: 0, rejected: 3 });
    const rejected = rows.filter((row) => row.outcome === 'rejected').map((row) => [row.line, row.reason]);
    expect(rejected).to.deep.equal([
      [7, '"not-an-email" is not an email address'],
      [8, 'duplicate of line 2 in this file (email)'],
      [10, 'no email or phone: a contact needs one to be matched'],
    ]);
    expect((await db.repositories.contacts.list()).total).to.equal(0);
  });

  it('imports, then the same file again changes nothing', async () => {
    const first = await importFile('contacts', 'contacts-excel-fr.csv');
    expect(first.summary.counts.created).to.equal(3);
    const grace = await db.repositories.contacts.findByEmail('grace@example.com');
    expect(grace).to.deep.include({ name: 'Grace "Amazing" Hopper' });
    expect(grace!.attributes).to.deep.equal({ tier: 'silver\r\nsince 2020' });
    const second = await importFile('contacts', 'contacts-excel-fr.csv');
    expect(second.summary.counts).to.deep.equal({
      created: 0,
      updated: 0,
      merged: 0,
      unchanged: 3,
      rejected: 3,
    });
    expect((await db.repositories.contacts.list()).total).to.equal(3);
  });

  it('merges two stored contacts when one row names the email of one and the phone of the other', async () => {
    const phoneOnly = await db.repositories.contacts.findByPhone('+33123456789');
    const merging = ['name,email,phone', 'Phone Owner,ada@example.com,+33 1 23 45 67 89', ''].join('\n');
    const rows: RowResult[] = [];
    const summary = await runImport({
      kind: 'contacts',
      input: Readable.from([Buffer.from(merging)]),
      repositories: db.repositories,
      models: db.database.models,
      onRow: (row) => void rows.push(row),
    });
    expect(summary.counts.merged).to.equal(1);
    const ada = await db.repositories.contacts.findByEmail('ada@example.com');
    expect(ada!.phones).to.include.members(['+442079460001', '+33123456789']);
    expect((await db.repositories.contacts.findById(phoneOnly!.id))!.mergedInto).to.equal(ada!.id);
  });

  it('never matches a contact on an unverified chat claim', async () => {
    const visitor = await db.repositories.contacts.create({ visitorIds: ['v-claim-import'] });
    await db.repositories.contacts.addClaim(visitor.id, {
      kind: 'email',
      value: 'claimed@example.com',
      conversationId: null,
    });
    await runImport({
      kind: 'contacts',
      input: Readable.from([Buffer.from('email\nclaimed@example.com\n')]),
      repositories: db.repositories,
      models: db.database.models,
    });
    const stored = await db.repositories.contacts.findByEmail('claimed@example.com');
    expect(stored!.id).to.not.equal(visitor.id);
    expect((await db.repositories.contacts.findById(visitor.id))!.mergedInto).to.equal(null);
  });

  it('imports products with mixed number formats and reports bad prices and duplicate skus', async () => {
    const { summary, rows } = await importFile('products', 'products-mixed-numbers.csv');
    expect(summary.counts).to.deep.include({ created: 3, rejected: 2 });
    expect(rows.filter((r) => r.outcome === 'rejected').map((r) => r.reason)).to.deep.equal([
      'price "free" is not a number',
      'duplicate of line 2 in this file (sku)',
    ]);
    expect(await db.repositories.products.findBySku('TS-1')).to.deep.include({
      price: 1234.5,
      category: 'shoes',
      stock: 4,
      tags: ['run', 'trail'],
    });
    expect(await db.repositories.products.findBySku('SK-2')).to.deep.include({
      name: 'Sock, wool',
      price: 12.5,
      active: false,
    });
    expect(await db.repositories.products.findBySku('HT-3')).to.deep.include({
      price: 1299,
      currency: 'USD',
    });
    const again = await importFile('products', 'products-mixed-numbers.csv');
    expect(again.summary.counts).to.deep.include({ created: 0, updated: 0, unchanged: 3 });
  });

  it('imports orders by number with their dates, and rejects unknown customers and impossible dates', async () => {
    const { summary, rows } = await importFile('orders', 'orders-dates.csv');
    expect(summary.counts).to.deep.include({ created: 2, rejected: 2 });
    expect(rows.filter((r) => r.outcome === 'rejected').map((r) => r.reason)).to.deep.equal(
      [
        'no contact with the email nobody@example.com (import the contacts first)',
        'placedAt "31/02/2026" is not a date',
      ].reverse(),
    );
    const order = await db.repositories.orders.findByNumber('ORD-1001');
    expect(order).to.deep.include({ status: 'paid', total: 2469 });
    expect(order!.placedAt.toISOString()).to.equal('2025-12-31T00:00:00.000Z');
    const again = await importFile('orders', 'orders-dates.csv');
    expect(again.summary.counts).to.deep.include({ created: 0, unchanged: 2 });
  });

  it('looks each batch up from the unique indexes (email, phone, sku, order number), never by a scan', async () => {
    const { Contact, Product, Order } = db.database.models;
    const spied = {
      Contact: recordingFinds(Contact),
      Product: recordingFinds(Product),
      Order: recordingFinds(Order),
    };
    const models = { Contact: spied.Contact.model, Product: spied.Product.model, Order: spied.Order.model };
    const files = [
      ['contacts', 'contacts-excel-fr.csv'],
      ['products', 'products-mixed-numbers.csv'],
      ['orders', 'orders-dates.csv'],
    ] as const;
    for (const [kind, file] of files) {
      await runImport({ kind, input: fixture(file), repositories: db.repositories, models });
    }
    for (const [name, { filters }] of Object.entries(spied)) {
      expect(filters, name).to.not.be.empty;
      for (const filter of filters) {
        const stages = await planStages(db.database.models[name as keyof typeof spied], filter);
        // A scan per batch made an import quadratic in the collection's size (docs/benchmarks.md, CSV import).
        expect(stages, `${name}.find(${JSON.stringify(filter)})`)
          .to.include('IXSCAN')
          .and.not.include('COLLSCAN');
      }
    }
  });

  it('looks a phone up only when no contact found by email holds it', async () => {
    const spied = recordingFinds(db.database.models.Contact);
    const models = { ...db.database.models, Contact: spied.model };
    const csv =
      'name,email,phone\nLin,lin@example.com,+44 20 7946 0999\nMo,mo@example.com,+44 20 7946 0998\n';
    const again = async () =>
      runImport({
        kind: 'contacts',
        input: Readable.from([Buffer.from(csv)]),
        repositories: db.repositories,
        models,
      });
    expect((await again()).counts.created).to.equal(2);
    spied.filters.length = 0;
    expect((await again()).counts.unchanged).to.equal(2);
    // Both contacts came back by email, holding the phones: phones are unique, so nothing is left to ask.
    expect(spied.filters.map((filter) => Object.keys(filter)[0])).to.deep.equal(['emails']);
  });

  it('refuses a mapping without the key column, naming the fix', async () => {
    const error = await runImport({
      kind: 'products',
      input: Readable.from([Buffer.from('code,name\nA,B\n')]),
      repositories: db.repositories,
      models: db.database.models,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(AppError);
    expect(JSON.stringify((error as AppError).details)).to.include('--map column=sku');
  });

  it('runs from the command line: npm run import -- contacts file.csv --dry-run --map Tier=attributes.tier', async function () {
    this.timeout(120_000);
    const result = await runScript(
      'scripts/import.ts',
      [
        'contacts',
        path.join(FIXTURES, 'contacts-excel-fr.csv'),
        '--dry-run',
        '--map',
        'Tier=attributes.tier',
      ],
      { MONGODB_URI: db.uri, DB_NAME: db.dbName },
    );
    expect(result.code, result.stderr).to.equal(0);
    const summary = JSON.parse(result.stdout) as ImportSummary;
    expect(summary).to.deep.include({ dryRun: true, rows: 6 });
    // Earlier specs changed these contacts: what matters is that nothing would be created and the same rows fail.
    expect(summary.counts).to.deep.include({ created: 0, merged: 0, rejected: 3 });
    expect(result.stderr).to.include('line 7: "not-an-email" is not an email address');
    const usage = await runScript('scripts/import.ts', ['customers', 'x.csv'], {
      MONGODB_URI: db.uri,
      DB_NAME: db.dbName,
    });
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.include('usage: npm run import');
  });
});
