import { Types } from 'mongoose';
import { toContact, toOrder, toProduct } from '../../data/mappers.ts';
import { byKeyList, type ContactDoc } from '../../data/models/contact.ts';
import type { Models } from '../../data/models/index.ts';
import type { OrderDoc } from '../../data/models/order.ts';
import type { ProductDoc } from '../../data/models/product.ts';
import type { ContactRecord, OrderRecord, ProductRecord } from '../../data/records.ts';
import type {
  ContactRepository,
  NewOrder,
  NewProduct,
  OrderChanges,
  ProductChanges,
} from '../../data/repositories/index.ts';
import { toOrderDocument } from '../../data/repositories/orders.ts';
import { isDuplicateKeyError } from '../../data/write-errors.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { AppError } from '../../shared/errors.ts';

export type ImportModels = Pick<Models, 'Contact' | 'Product' | 'Order'>;

/** Lookup keys of a batch: `email:<normalised>`, `phone:<normalised>`, `sku:<sku>`, `order:<ORD-…>`. */
export type LookupKey = `${'email' | 'phone' | 'sku' | 'order'}:${string}`;

type Doc = ContactDoc | ProductDoc | OrderDoc;
type ModelName = keyof ImportModels;

interface QueuedWrite {
  model: ModelName;
  // The driver's bulk operation shape; documents are complete (defaults, timestamps) and validated here.
  operation: Record<string, unknown>;
  row: number;
}

export interface ImportStoreOptions {
  models: ImportModels;
  contacts: Pick<ContactRepository, 'merge'>;
  events?: EventBus;
  actor: { type: string; id: string | null };
  dryRun: boolean;
}

/** What the row importers read and write; reads come from the batch's prefetch, writes are queued. */
export type ImportStore = ReturnType<typeof createImportStore>;

/** A mongoose validation failure as a row's reason, naming the fields and never the values. */
type Validating = new (doc: object) => { validate(): Promise<void>; toObject(options?: object): unknown };

/** The document as the schema stores it (defaults, casts); a validation failure names the fields, not values. */
async function validated(
  model: Validating,
  document: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const hydrated = new model(document);
  try {
    await hydrated.validate();
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ValidationError') throw error;
    const fields = Object.keys((error as { errors?: Record<string, unknown> }).errors ?? {});
    throw new AppError('VALIDATION_FAILED', `not valid: ${fields.join(', ') || 'the record'}`);
  }
  return hydrated.toObject({ depopulate: true }) as Record<string, unknown>;
}

/**
 * The import's persistence, one batch (500 rows) at a time: `prefetch` loads every record the batch's keys
 * name with one query per key kind, the row importers then read from that and queue their writes, and `flush`
 * sends the writes as one unordered bulkWrite per collection. Each write remembers its row, so a write the
 * database refuses (a unique key taken meanwhile by another writer) turns only that row into a rejection.
 * Documents are built and validated by the mongoose schema here, so the bulk path stores what `create` would.
 */
export function createImportStore(options: ImportStoreOptions) {
  const { models, dryRun } = options;
  const cache = new Map<LookupKey, Doc | null>();
  let queue: QueuedWrite[] = [];
  let afterWrite: { row: number; run: () => void }[] = [];
  let failures = new Map<number, string>();
  let currentRow = 0;

  const remember = (key: LookupKey, doc: Doc | null) => cache.set(key, doc);
  const rememberContact = (doc: ContactDoc) => {
    for (const email of doc.emails) remember(`email:${email}`, doc);
    for (const phone of doc.phones) remember(`phone:${phone}`, doc);
  };

  async function lookup<T extends Doc>(key: LookupKey, load: () => Promise<T | null>): Promise<T | null> {
    if (cache.has(key)) return cache.get(key) as T | null;
    const doc = await load();
    remember(key, doc);
    return doc;
  }

  const queueWrite = (model: ModelName, operation: Record<string, unknown>) => {
    if (!dryRun) queue.push({ model, operation, row: currentRow });
  };

  /**
   * Sends the queued writes, one unordered bulkWrite per collection. A row whose write the database refused
   * for a unique key (another writer took it since the prefetch) is noted as rejected, with why; any other
   * failure is thrown (the job fails, and a re-run is safe: rows already written come back unchanged).
   */
  async function flush(): Promise<void> {
    const writes = queue;
    const after = afterWrite;
    queue = [];
    afterWrite = [];
    for (const model of ['Contact', 'Product', 'Order'] as const) {
      const mine = writes.filter((write) => write.model === model);
      if (mine.length === 0) continue;
      try {
        await models[model].collection.bulkWrite(mine.map((write) => write.operation) as never, {
          ordered: false,
        });
      } catch (error) {
        const raw = (error as { writeErrors?: unknown }).writeErrors;
        const refused = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as {
          index: number;
          code?: number;
        }[];
        if (refused.length === 0 || refused.some((write) => !isDuplicateKeyError(write))) throw error;
        for (const write of refused) {
          failures.set(
            mine[write.index]!.row,
            'another record with this key was written meanwhile; import the file again',
          );
        }
        cache.clear();
      }
    }
    for (const { row, run } of after) if (!failures.has(row)) run();
  }

  return {
    /** The row whose writes are being queued (its index in the batch). */
    setRow(row: number) {
      currentRow = row;
    },

    /**
     * Loads every record the keys name: one query per kind of key, whatever the batch's size (contacts by phone
     * after those by email, for the phones still unanswered).
     */
    async prefetch(keys: Iterable<LookupKey>): Promise<void> {
      const wanted = { email: new Set<string>(), phone: new Set<string>(), sku: new Set<string>() };
      const orders = new Set<string>();
      for (const key of keys) {
        if (cache.has(key)) continue;
        const at = key.indexOf(':');
        const kind = key.slice(0, at);
        const value = key.slice(at + 1);
        if (kind === 'order') orders.add(value);
        else wanted[kind as keyof typeof wanted].add(value);
        cache.set(key, null);
      }
      const [byEmail, products, found] = await Promise.all([
        wanted.email.size === 0
          ? []
          : models.Contact.find(byKeyList('emails', { $in: [...wanted.email] })).lean<ContactDoc[]>(),
        wanted.sku.size === 0
          ? []
          : models.Product.find({ sku: { $in: [...wanted.sku] } }).lean<ProductDoc[]>(),
        orders.size === 0 ? [] : models.Order.find({ number: { $in: [...orders] } }).lean<OrderDoc[]>(),
      ]);
      for (const doc of byEmail) rememberContact(doc);
      for (const doc of products) remember(`sku:${doc.sku}`, doc);
      for (const doc of found) remember(`order:${doc.number}`, doc);
      // Phones are unique, so a phone held by a contact just found by email has its answer: only the others are
      // looked up (a file imported again finds every contact by email, and reads each once instead of twice).
      const phones = [...wanted.phone].filter((phone) => cache.get(`phone:${phone}`) === null);
      if (phones.length > 0) {
        const byPhone = await models.Contact.find(byKeyList('phones', { $in: phones })).lean<ContactDoc[]>();
        for (const doc of byPhone) rememberContact(doc);
      }
    },

    async contactByEmail(email: string): Promise<ContactRecord | null> {
      const doc = await lookup(`email:${email}`, () =>
        models.Contact.findOne(byKeyList('emails', email)).lean<ContactDoc>(),
      );
      return doc === null ? null : toContact(doc);
    },

    async contactByPhone(phone: string): Promise<ContactRecord | null> {
      const doc = await lookup(`phone:${phone}`, () =>
        models.Contact.findOne(byKeyList('phones', phone)).lean<ContactDoc>(),
      );
      return doc === null ? null : toContact(doc);
    },

    async createContact(input: {
      name: string | null;
      emails: string[];
      phones: string[];
      attributes: object;
    }) {
      const now = new Date();
      const doc = (await validated(models.Contact as unknown as Validating, {
        _id: new Types.ObjectId(),
        ...input,
        createdAt: now,
        updatedAt: now,
      })) as unknown as ContactDoc;
      queueWrite('Contact', { insertOne: { document: doc } });
      rememberContact(doc);
      const contactId = doc._id.toHexString();
      if (!dryRun && options.events !== undefined) {
        const events = options.events;
        afterWrite.push({
          row: currentRow,
          run: () => events.emit('contact.created', { contactId, source: 'import' }),
        });
      }
    },

    /** Name and attributes set (attributes merged key by key), an email or phone added. */
    updateContact(
      id: string,
      change: { name?: string | null; attributes?: Record<string, unknown>; email?: string; phone?: string },
    ) {
      const set: Record<string, unknown> = { updatedAt: new Date() };
      if (change.name !== undefined) set.name = change.name;
      for (const [key, value] of Object.entries(change.attributes ?? {})) set[`attributes.${key}`] = value;
      const add: Record<string, unknown> = {};
      if (change.email !== undefined) add.emails = change.email;
      if (change.phone !== undefined) add.phones = change.phone;
      queueWrite('Contact', {
        updateOne: {
          filter: { _id: new Types.ObjectId(id) },
          update: { $set: set, ...(Object.keys(add).length > 0 ? { $addToSet: add } : {}) },
        },
      });
      // Later rows of the batch see the change (a name set twice is "updated" once).
      for (const doc of cache.values()) {
        if (doc === null || doc._id.toHexString() !== id) continue;
        const contact = doc as ContactDoc;
        if (change.name !== undefined) contact.name = change.name;
        contact.attributes = { ...contact.attributes, ...change.attributes };
        if (change.email !== undefined && !contact.emails.includes(change.email))
          contact.emails.push(change.email);
        if (change.phone !== undefined && !contact.phones.includes(change.phone))
          contact.phones.push(change.phone);
        rememberContact(contact);
        break;
      }
    },

    /**
     * A merge moves records across collections (contact-merge.ts), so it runs now, after the writes queued so
     * far; the batch's lookups are dropped and read again, since the two contacts changed.
     */
    async mergeContacts(survivorId: string, mergedId: string): Promise<void> {
      await flush();
      const result = await options.contacts.merge(survivorId, mergedId, options.actor, 'import');
      options.events?.emit('contacts.merged', { ...result, reason: 'import' });
      cache.clear();
    },

    async productBySku(sku: string): Promise<ProductRecord | null> {
      const doc = await lookup(`sku:${sku}`, () => models.Product.findOne({ sku }).lean<ProductDoc>());
      return doc === null ? null : toProduct(doc);
    },

    async createProduct(input: NewProduct) {
      const now = new Date();
      const doc = (await validated(models.Product as unknown as Validating, {
        _id: new Types.ObjectId(),
        ...input,
        createdAt: now,
        updatedAt: now,
      })) as unknown as ProductDoc;
      queueWrite('Product', { insertOne: { document: doc } });
      remember(`sku:${doc.sku}`, doc);
    },

    async updateProduct(id: string, changes: ProductChanges) {
      const cached = [...cache.values()].find((doc) => doc?._id.toHexString() === id) as
        ProductDoc | undefined;
      if (cached !== undefined)
        await validated(models.Product as unknown as Validating, { ...cached, ...changes });
      queueWrite('Product', {
        updateOne: {
          filter: { _id: new Types.ObjectId(id) },
          update: { $set: { ...changes, updatedAt: new Date() } },
        },
      });
      if (cached !== undefined) Object.assign(cached, changes);
    },

    async orderByNumber(number: string): Promise<OrderRecord | null> {
      const doc = await lookup(`order:${number}`, () => models.Order.findOne({ number }).lean<OrderDoc>());
      return doc === null ? null : toOrder(doc);
    },

    async createOrder(order: NewOrder) {
      const now = new Date();
      const doc = (await validated(models.Order as unknown as Validating, {
        _id: new Types.ObjectId(),
        ...toOrderDocument(order),
        createdAt: now,
        updatedAt: now,
      })) as unknown as OrderDoc;
      queueWrite('Order', { insertOne: { document: doc } });
      remember(`order:${doc.number}`, doc);
    },

    updateOrder(id: string, changes: OrderChanges) {
      queueWrite('Order', {
        updateOne: {
          filter: { _id: new Types.ObjectId(id) },
          update: { $set: { ...changes, updatedAt: new Date() } },
        },
      });
      for (const doc of cache.values()) if (doc?._id.toHexString() === id) Object.assign(doc, changes);
    },

    /**
     * Sends what is still queued and answers every row of the batch whose write the database refused (see
     * `flush`), then starts the next batch afresh.
     */
    async finishBatch(): Promise<Map<number, string>> {
      await flush();
      // The next batch loads its own records: memory holds one batch's, whatever the file's size.
      cache.clear();
      const refused = failures;
      failures = new Map();
      return refused;
    },
  };
}
