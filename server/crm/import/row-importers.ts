import { normaliseEmail, normalisePhone } from '../../data/normalise.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../data/records.ts';
import type { ProductChanges } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { ImportStore, LookupKey } from './import-store.ts';
import { parseBoolean, parseDate, parseNumber, type DateOrder } from './values.ts';

export type RowOutcome = 'created' | 'updated' | 'merged' | 'unchanged' | 'rejected';

export interface RowResult {
  outcome: RowOutcome;
  /** The upsert key (email, sku, order number) for the report. */
  key: string | null;
  reason: string | null;
}

export interface ImportContext {
  /** Reads the batch's prefetched records, queues writes (import-store.ts). */
  store: ImportStore;
  dryRun: boolean;
  dateOrder: DateOrder;
  /** Used when a product or order row has no currency column. */
  defaultCurrency: string;
  /** Keys seen earlier in this file → their line, to report duplicates inside the file. */
  seen: Map<string, number>;
}

class Rejected extends Error {}
const reject = (reason: string): never => {
  throw new Rejected(reason);
};

function attributesOf(fields: Record<string, string>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (field.startsWith('attributes.')) attributes[field.slice('attributes.'.length)] = value;
  }
  return attributes;
}

/** Refuses a key already used by an earlier row of the same file, else remembers it. */
function claimKeys(context: ImportContext, line: number, keys: string[]) {
  for (const key of keys) {
    const earlier = context.seen.get(key);
    if (earlier !== undefined) reject(`duplicate of line ${earlier} in this file (${key.split(':')[0]})`);
  }
  for (const key of keys) context.seen.set(key, line);
}

const sameAttributes = (stored: Record<string, unknown>, given: Record<string, string>) =>
  Object.entries(given).every(([key, value]) => stored[key] === value);

async function importContact(
  fields: Record<string, string>,
  line: number,
  context: ImportContext,
): Promise<RowResult> {
  const { store } = context;
  const email =
    fields.email === undefined
      ? null
      : (normaliseEmail(fields.email) ?? reject(`"${fields.email}" is not an email address`));
  const phone =
    fields.phone === undefined
      ? null
      : (normalisePhone(fields.phone) ?? reject(`"${fields.phone}" is not a phone number`));
  if (email === null && phone === null) reject('no email or phone: a contact needs one to be matched');
  const key = email ?? phone!;
  claimKeys(context, line, [...(email ? [`email:${email}`] : []), ...(phone ? [`phone:${phone}`] : [])]);
  const name = fields.name ?? null;
  const attributes = attributesOf(fields);
  // Only verified keys (the emails and phones of stored contacts) match; chat claims never do.
  const [byEmail, byPhone] = await Promise.all([
    email === null ? null : store.contactByEmail(email),
    phone === null ? null : store.contactByPhone(phone),
  ]);
  if (byEmail === null && byPhone === null) {
    await store.createContact({
      name,
      emails: email ? [email] : [],
      phones: phone ? [phone] : [],
      attributes,
    });
    return { outcome: 'created', key, reason: null };
  }
  let target = (byEmail ?? byPhone)!;
  let outcome: RowOutcome = 'unchanged';
  if (byEmail !== null && byPhone !== null && byEmail.id !== byPhone.id) {
    // The shop's record names both keys: they are one person, so the two contacts become one.
    if (byEmail.shopUserId && byPhone.shopUserId && byEmail.shopUserId !== byPhone.shopUserId) {
      reject('the email and the phone belong to two different signed-in shop customers');
    }
    if (!context.dryRun) {
      await store.mergeContacts(byEmail.id, byPhone.id);
      target = (await store.contactByEmail(email!)) ?? byEmail;
    }
    outcome = 'merged';
  }
  const changes: { name?: string | null; attributes?: Record<string, unknown> } = {};
  if (name !== null && name !== target.name) changes.name = name;
  if (!sameAttributes(target.attributes, attributes)) changes.attributes = attributes;
  const addEmail = email !== null && !target.emails.includes(email);
  const addPhone = phone !== null && !target.phones.includes(phone) && outcome !== 'merged';
  if (Object.keys(changes).length > 0 || addEmail || addPhone) {
    store.updateContact(target.id, {
      ...changes,
      ...(addEmail ? { email: email! } : {}),
      ...(addPhone ? { phone: phone! } : {}),
    });
    if (outcome === 'unchanged') outcome = 'updated';
  }
  return { outcome, key, reason: null };
}

function money(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = parseNumber(text);
  if (value === null || value < 0) reject(`${what} "${text}" is not a number`);
  return Math.round(value! * 100) / 100;
}

function currencyOf(text: string | undefined, context: ImportContext): string {
  const currency = (text ?? context.defaultCurrency).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) reject(`currency "${text}" is not an ISO 4217 code`);
  return currency;
}

async function importProduct(
  fields: Record<string, string>,
  line: number,
  context: ImportContext,
): Promise<RowResult> {
  const { store } = context;
  const sku = fields.sku!.trim();
  if (!/^\S{1,64}$/.test(sku)) reject(`sku "${sku}" is not valid (no spaces, at most 64 characters)`);
  claimKeys(context, line, [`sku:${sku}`]);
  const price = money(fields.price, 'price');
  const stockText = fields.stock;
  const stock = stockText === undefined ? undefined : parseNumber(stockText);
  if (stock !== undefined && (stock === null || !Number.isInteger(stock) || stock < 0))
    reject(`stock "${stockText}" is not a whole number`);
  const active =
    fields.active === undefined
      ? undefined
      : (parseBoolean(fields.active) ?? reject(`active "${fields.active}" is not yes or no`));
  const given = {
    ...(fields.name === undefined ? {} : { name: fields.name }),
    ...(fields.description === undefined ? {} : { description: fields.description }),
    ...(fields.category === undefined ? {} : { category: fields.category.toLowerCase() }),
    ...(price === undefined ? {} : { price }),
    ...(fields.currency === undefined ? {} : { currency: currencyOf(fields.currency, context) }),
    ...(stock === undefined ? {} : { stock: stock as number }),
    ...(active === undefined ? {} : { active: active as boolean }),
    ...(fields.tags === undefined
      ? {}
      : {
          tags: fields.tags
            .split(/[|;,]/)
            .map((tag) => tag.trim())
            .filter(Boolean),
        }),
    ...(fields.imageUrl === undefined ? {} : { imageUrl: fields.imageUrl }),
  };
  const existing = await store.productBySku(sku);
  if (existing === null) {
    if (given.name === undefined || given.category === undefined || given.price === undefined) {
      reject('a new product needs a name, a category and a price');
    }
    await store.createProduct({
      sku,
      name: given.name!,
      category: given.category!,
      price: given.price!,
      currency: given.currency ?? currencyOf(undefined, context),
      description: given.description ?? '',
      attributes: attributesOf(fields),
      tags: given.tags ?? [],
      imageUrl: given.imageUrl ?? null,
      active: given.active ?? true,
      stock: given.stock ?? null,
    });
    return { outcome: 'created', key: sku, reason: null };
  }
  const changed: Record<string, unknown> = Object.fromEntries(
    Object.entries(given).filter(
      ([field, value]) => JSON.stringify(existing[field as keyof typeof existing]) !== JSON.stringify(value),
    ),
  );
  const attributes = attributesOf(fields);
  if (!sameAttributes(existing.attributes, attributes))
    changed.attributes = { ...existing.attributes, ...attributes };
  if (Object.keys(changed).length === 0) return { outcome: 'unchanged', key: sku, reason: null };
  await store.updateProduct(existing.id, changed as ProductChanges);
  return { outcome: 'updated', key: sku, reason: null };
}

function dateField(text: string | undefined, what: string, context: ImportContext): Date | undefined {
  if (text === undefined) return undefined;
  return parseDate(text, context.dateOrder) ?? reject(`${what} "${text}" is not a date`);
}

async function importOrder(
  fields: Record<string, string>,
  line: number,
  context: ImportContext,
): Promise<RowResult> {
  const { store } = context;
  const number = orderNumberOf(fields.number!);
  if (!/^ORD-\d{1,18}$/.test(number)) reject(`order number "${fields.number}" is not ORD- then digits`);
  claimKeys(context, line, [`order:${number}`]);
  const status = (fields.status?.trim().toLowerCase() ?? undefined) as OrderStatus | undefined;
  if (status !== undefined && !ORDER_STATUSES.includes(status))
    reject(`status "${fields.status}" is not one of ${ORDER_STATUSES.join(', ')}`);
  const shippedAt = dateField(fields.shippedAt, 'shippedAt', context);
  const deliveredAt = dateField(fields.deliveredAt, 'deliveredAt', context);
  const trackingNumber = fields.trackingNumber;
  const existing = await store.orderByNumber(number);
  if (existing !== null) {
    const changes = {
      ...(status !== undefined && status !== existing.status ? { status } : {}),
      ...(shippedAt !== undefined && shippedAt.getTime() !== existing.shippedAt?.getTime()
        ? { shippedAt }
        : {}),
      ...(deliveredAt !== undefined && deliveredAt.getTime() !== existing.deliveredAt?.getTime()
        ? { deliveredAt }
        : {}),
      ...(trackingNumber !== undefined && trackingNumber !== existing.trackingNumber
        ? { trackingNumber }
        : {}),
    };
    if (Object.keys(changes).length === 0) return { outcome: 'unchanged', key: number, reason: null };
    store.updateOrder(existing.id, changes);
    return { outcome: 'updated', key: number, reason: null };
  }
  const email = normaliseEmail(fields.email ?? '') ?? reject(`"${fields.email}" is not an email address`);
  const contact =
    (await store.contactByEmail(email)) ??
    reject(`no contact with the email ${email} (import the contacts first)`);
  const product =
    (await store.productBySku(fields.sku!.trim())) ?? reject(`no product with the sku ${fields.sku}`);
  const quantityText = fields.quantity ?? '1';
  const quantity = parseNumber(quantityText);
  if (quantity === null || !Number.isInteger(quantity) || quantity < 1)
    reject(`quantity "${quantityText}" is not a whole number above 0`);
  const placedAt =
    dateField(fields.placedAt, 'placedAt', context) ?? reject('placedAt is missing (the order date)');
  await store.createOrder({
    number,
    contactId: contact.id,
    items: [
      {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        quantity: quantity!,
        price: money(fields.price, 'price') ?? product.price,
      },
    ],
    currency: currencyOf(fields.currency, context),
    status: status ?? 'placed',
    placedAt,
    shippedAt: shippedAt ?? null,
    deliveredAt: deliveredAt ?? null,
    trackingNumber: trackingNumber ?? null,
  });
  return { outcome: 'created', key: number, reason: null };
}

/** `1001` and `ord-1001` are `ORD-1001`. */
function orderNumberOf(text: string): string {
  const raw = text.trim().toUpperCase();
  return /^\d+$/.test(raw) ? `ORD-${raw}` : raw;
}

/** The records a row may read, so a batch loads them all at once (invalid values are left out: they reject). */
export function lookupKeysOf(kind: keyof typeof IMPORTERS, fields: Record<string, string>): LookupKey[] {
  const keys: LookupKey[] = [];
  const email = fields.email === undefined ? null : normaliseEmail(fields.email);
  if (email !== null) keys.push(`email:${email}`);
  if (kind === 'contacts') {
    const phone = fields.phone === undefined ? null : normalisePhone(fields.phone);
    if (phone !== null) keys.push(`phone:${phone}`);
  }
  if (fields.sku !== undefined) keys.push(`sku:${fields.sku.trim()}`);
  if (kind === 'orders' && fields.number !== undefined) keys.push(`order:${orderNumberOf(fields.number)}`);
  return keys;
}

const IMPORTERS = { contacts: importContact, products: importProduct, orders: importOrder };

/** One row: its outcome, or `rejected` with why. A failing row never stops the import. */
export async function importRow(
  kind: keyof typeof IMPORTERS,
  fields: Record<string, string>,
  line: number,
  context: ImportContext,
): Promise<RowResult> {
  try {
    return await IMPORTERS[kind](fields, line, context);
  } catch (error) {
    if (error instanceof Rejected) return { outcome: 'rejected', key: null, reason: error.message };
    if (error instanceof AppError && error.status < 500)
      return { outcome: 'rejected', key: null, reason: error.message };
    throw error;
  }
}
