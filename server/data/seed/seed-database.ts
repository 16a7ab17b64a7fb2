import type { Models } from '../models/index.ts';
import type { Repositories } from '../repositories/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { CATALOGUE, demoProductImagePath, demoStock } from './catalogue.ts';
import { DEFAULT_SEED, FIRST_ORDER_NUMBER, generateDemoData } from './demo-data.ts';
import { DEMO_KNOWLEDGE } from './knowledge.ts';
import { seedConversationHistory, type HistorySeedOutcome } from './seed-history.ts';

/** Bump when the demo data changes shape; recorded in the marker for people reading the database. */
const SEED_VERSION = 2;
const MARKER = 'demo-seed';
const CURRENCY = 'USD';

export interface SeedOutcome {
  seeded: boolean;
  products: number;
  contacts: number;
  orders: number;
  /** The synthetic support history, when `models` were given. */
  history?: HistorySeedOutcome;
}

export interface SeedOptions {
  seed?: number;
  contacts?: number;
  now?: Date;
  logger?: Logger;
  /**
   * With the models, the seed also writes two years of orders (enough for the 12-month customer value model)
   * and about 90 days of synthetic support conversations for the reports.
   */
  models?: Models;
  historyDays?: number;
  conversationsPerDay?: number;
}

/**
 * Loads the demo catalogue and synthetic history once per database. The marker is claimed before anything
 * is written, so a restart (or a second node starting at the same moment) never seeds twice.
 */
export async function seedDemoData(
  repositories: Repositories,
  options: SeedOptions = {},
): Promise<SeedOutcome> {
  const startedAt = new Date();
  const claimed = await repositories.meta.claim(MARKER, {
    state: 'running',
    version: SEED_VERSION,
    startedAt,
  });
  if (!claimed) {
    const marker = (await repositories.meta.get(MARKER)) as { state?: string } | undefined;
    if (marker?.state !== 'done') {
      options.logger?.warn({ marker }, 'demo data seeding did not finish earlier; delete the data to reseed');
    }
    return { seeded: false, products: 0, contacts: 0, orders: 0 };
  }

  const products = await repositories.products.insertMany(
    CATALOGUE.map(({ complements: _complements, ...entry }, index) => ({
      ...entry,
      currency: CURRENCY,
      imageUrl: demoProductImagePath(entry.sku),
      active: true,
      stock: demoStock(entry.sku, index),
    })),
  );
  const productBySku = new Map(products.map((product) => [product.sku, product]));

  const data = generateDemoData({
    seed: options.seed ?? DEFAULT_SEED,
    contacts: options.contacts,
    now: options.now,
    ...(options.models ? { historyDays: 730 } : {}),
  });
  const contacts = await repositories.contacts.insertMany(data.contacts);

  const BATCH = 500;
  for (let start = 0; start < data.orders.length; start += BATCH) {
    await repositories.orders.insertMany(
      data.orders.slice(start, start + BATCH).map((order) => ({
        number: order.number,
        contactId: contacts[order.contact]!.id,
        items: order.items.map(({ sku, quantity }) => {
          const product = productBySku.get(sku)!;
          return { productId: product.id, sku, name: product.name, quantity, price: product.price };
        }),
        currency: CURRENCY,
        status: order.status,
        placedAt: order.placedAt,
        shippedAt: order.shippedAt,
        deliveredAt: order.deliveredAt,
        trackingNumber: order.trackingNumber,
      })),
    );
  }

  // Orders placed later continue the numbering after the seeded ones.
  await repositories.counters.next('order', FIRST_ORDER_NUMBER + data.orders.length - 1);

  const outcome: SeedOutcome = {
    seeded: true,
    products: products.length,
    contacts: contacts.length,
    orders: data.orders.length,
  };
  const ordersPerContact = contacts.map(() => 0);
  for (const order of data.orders) ordersPerContact[order.contact]! += 1;
  if (options.models) {
    outcome.history = await seedConversationHistory(options.models, repositories, {
      seed: options.seed ?? DEFAULT_SEED,
      now: options.now ?? startedAt,
      days: options.historyDays ?? 90,
      perDay: options.conversationsPerDay ?? 40,
      contactIds: contacts.map((contact) => contact.id),
      // Customers who order more also write to support more: one more chance per order.
      contactWeights: contacts.map((_, index) => 1 + ordersPerContact[index]!),
    });
  }
  await repositories.meta.set(MARKER, {
    state: 'done',
    version: SEED_VERSION,
    startedAt,
    finishedAt: new Date(),
    ...outcome,
  });
  options.logger?.info(outcome, 'seeded synthetic demo data');
  return outcome;
}

const KNOWLEDGE_MARKER = 'demo-knowledge-seed';

/**
 * Loads the demo shop's (synthetic) knowledge articles once per database, apart from the catalogue so that a
 * database seeded before the knowledge existed gets it too. Articles an admin created with the same slug are
 * kept as they are.
 */
export async function seedDemoKnowledge(
  repositories: Repositories,
  options: { logger?: Logger } = {},
): Promise<{ seeded: boolean; articles: number }> {
  const claimed = await repositories.meta.claim(KNOWLEDGE_MARKER, {
    state: 'running',
    startedAt: new Date(),
  });
  if (!claimed) return { seeded: false, articles: 0 };
  let articles = 0;
  for (const article of DEMO_KNOWLEDGE) {
    if (await repositories.knowledge.findBySlug(article.slug)) continue;
    await repositories.knowledge.create(article, 'seed');
    articles += 1;
  }
  await repositories.meta.set(KNOWLEDGE_MARKER, { state: 'done', finishedAt: new Date(), articles });
  options.logger?.info({ articles }, 'seeded synthetic demo knowledge');
  return { seeded: true, articles };
}
