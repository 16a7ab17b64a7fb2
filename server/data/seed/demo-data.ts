import type { OrderStatus } from '../records.ts';
import { CATALOGUE, INTERESTS } from './catalogue.ts';
import { budgetBasket, drawBehaviour, orderTimes } from './customer-behaviour.ts';
import { createRandom, type Random } from './random.ts';

/**
 * SYNTHETIC demo data: invented people (example.com addresses, 555 phone numbers) and orders. Purchases
 * follow the catalogue's interest groups and complements, so "customers who bought headphones also bought a
 * case" is true of this data by construction.
 */
export interface DemoContact {
  name: string;
  emails: string[];
  phones: string[];
  attributes: Record<string, unknown>;
}

export interface DemoOrder {
  number: string;
  /** Index into `contacts`. */
  contact: number;
  items: { sku: string; quantity: number }[];
  status: OrderStatus;
  placedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  trackingNumber: string | null;
}

export interface DemoData {
  contacts: DemoContact[];
  orders: DemoOrder[];
}

export interface DemoDataOptions {
  seed?: number;
  contacts?: number;
  /** Order dates lie in the year before this moment. */
  now?: Date;
  /**
   * Days of order history (default one year). When given, each customer joins at some point of it and buys at
   * their own rate, with their own spend level, until they lapse (./customer-behaviour.ts).
   */
  historyDays?: number;
}

export const DEFAULT_SEED = 20_261_125;
export const FIRST_ORDER_NUMBER = 10_000;
const DAY = 24 * 3600 * 1000;

const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chloé',
  'Dev',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
];
const LAST_NAMES = [
  'Adeyemi',
  'Bauer',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Rossi',
  'Silva',
  'Tanaka',
  'Urban',
  'Varga',
  'Weber',
  'Yilmaz',
  'Zhang',
];

const bySku = new Map(CATALOGUE.map((product) => [product.sku, product]));
const interestNames = Object.keys(INTERESTS);

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function makeContact(random: Random, index: number): DemoContact & { interests: string[] } {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const interests = [random.pick(interestNames)];
  if (random.chance(0.4)) interests.push(random.pick(interestNames.filter((name) => name !== interests[0])));
  return {
    name: `${first} ${last}`,
    // The index keeps addresses unique however the names repeat.
    emails: [`${ascii(first)}.${ascii(last)}.${index + 1}@example.com`],
    phones: random.chance(0.7) ? [`+1555${String(random.int(0, 9_999_999)).padStart(7, '0')}`] : [],
    attributes: { demo: true, interests },
    interests,
  };
}

function makeBasket(random: Random, interests: readonly string[]): Map<string, number> {
  const basket = new Map<string, number>();
  const anchor = random.pick(INTERESTS[random.pick(interests)]!);
  basket.set(anchor, random.chance(0.9) ? 1 : 2);
  for (const complement of bySku.get(anchor)!.complements) {
    if (random.chance(0.45)) basket.set(complement, random.chance(0.85) ? 1 : 2);
  }
  // A little noise, as real shoppers add unrelated things.
  if (random.chance(0.12)) {
    const extra = random.pick(CATALOGUE).sku;
    if (!basket.has(extra)) basket.set(extra, 1);
  }
  return basket;
}

function lifecycle(random: Random, placedAt: Date, now: Date) {
  const ageDays = (now.getTime() - placedAt.getTime()) / DAY;
  const roll = random.next();
  if (roll < 0.03) return { status: 'cancelled' as const, shipped: false, delivered: false };
  if (ageDays < 1)
    return { status: roll < 0.5 ? ('placed' as const) : ('paid' as const), shipped: false, delivered: false };
  if (ageDays < 5) return { status: 'shipped' as const, shipped: true, delivered: false };
  if (roll < 0.06) return { status: 'returned' as const, shipped: true, delivered: true };
  return { status: 'delivered' as const, shipped: true, delivered: true };
}

type Placement = () => { placedAt: Date; items: Map<string, number> };

/**
 * The year of orders the chat demos and their scripted dialogues stand on: a skewed number of orders per
 * customer, evenly spread, baskets independent of the customer's past. Kept draw for draw as it was, so the
 * demo conversations' orders stay the same.
 */
function oneYearOfOrders(random: Random, interests: readonly string[], now: Date): Placement[] {
  const count = 1 + Math.floor(-Math.log(1 - random.next()) * 4);
  const spanMinutes = 365 * 24 * 60 - 24 * 60;
  return Array.from({ length: Math.min(count, 25) }, () => () => ({
    placedAt: new Date(now.getTime() - random.int(0, spanMinutes) * 60_000),
    items: makeBasket(random, interests),
  }));
}

/**
 * A multi-year history for the customer models: the customer's own purchase rate, lifetime and spend level
 * (./customer-behaviour.ts).
 */
function customerHistory(
  random: Random,
  interests: readonly string[],
  now: Date,
  historyDays: number,
): Placement[] {
  const behaviour = drawBehaviour(random, now, historyDays);
  return orderTimes(random, behaviour, now).map((placedAt) => () => ({
    placedAt,
    items: budgetBasket(random, interests, behaviour),
  }));
}

export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const random = createRandom(options.seed ?? DEFAULT_SEED);
  const now = options.now ?? new Date();
  const people = Array.from({ length: options.contacts ?? 300 }, (_, index) => makeContact(random, index));

  const drafts: Omit<DemoOrder, 'number'>[] = [];
  const historyDays = options.historyDays;
  people.forEach((person, contact) => {
    const placements =
      historyDays === undefined
        ? oneYearOfOrders(random, person.interests, now)
        : customerHistory(random, person.interests, now, historyDays);
    for (const place of placements) {
      // Each order's date, basket and lifecycle are drawn in turn, in the generator's fixed order.
      const { placedAt, items } = place();
      const state = lifecycle(random, placedAt, now);
      const shippedAt = state.shipped ? new Date(placedAt.getTime() + random.int(12, 48) * 3600_000) : null;
      const deliveredAt =
        state.delivered && shippedAt !== null ? new Date(shippedAt.getTime() + random.int(2, 5) * DAY) : null;
      drafts.push({
        contact,
        items: [...items].map(([sku, quantity]) => ({ sku, quantity })),
        status: state.status,
        placedAt,
        shippedAt,
        deliveredAt,
        trackingNumber:
          shippedAt === null ? null : `TRK${String(random.int(0, 999_999_999)).padStart(9, '0')}`,
      });
    }
  });

  // Order numbers follow time, as a shop's would.
  drafts.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || a.contact - b.contact);
  const orders = drafts.map((draft, index) => ({
    number: `ORD-${FIRST_ORDER_NUMBER + index + 1}`,
    ...draft,
  }));
  const contacts = people.map(({ interests: _interests, ...contact }) => contact);
  return { contacts, orders };
}
