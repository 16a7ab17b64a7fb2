import type { QueryFilter } from 'mongoose';
import { toObjectId } from '../ids.ts';
import { toProduct } from '../mappers.ts';
import type { Models } from '../models/index.ts';
import type { ProductDoc } from '../models/product.ts';
import { escapeRegExp } from '../normalise.ts';
import type { Page, PageRequest, ProductRecord } from '../records.ts';
import { duplicateAsConflict, validationAsAppError, writeErrorAsAppError } from '../write-errors.ts';
import { DEFAULT_PAGE, skipOf } from './paging.ts';

export interface ProductFilter {
  category?: string;
  /** Free text matched against name, description, tags and sku. */
  q?: string;
  /** Include withdrawn products (staff views); the public catalogue never does. */
  includeInactive?: boolean;
}

export type NewProduct = Omit<ProductRecord, 'id' | 'stock'> & { stock?: number | null };

/** What the write API and imports may change on a product (not its sku: that is its identity). */
export type ProductChanges = Partial<Omit<NewProduct, 'sku'>>;

export type ProductRepository = ReturnType<typeof createProductRepository>;

export function createProductRepository({ Product }: Models) {
  return {
    /** By category, then name: a stable order for paging through a catalogue. */
    async list(filter: ProductFilter = {}, page: PageRequest = DEFAULT_PAGE): Promise<Page<ProductRecord>> {
      const query: QueryFilter<ProductDoc> = {};
      if (filter.includeInactive !== true) query.active = true;
      if (filter.category !== undefined) query.category = filter.category.trim().toLowerCase();
      if (filter.q !== undefined && filter.q.trim() !== '') {
        const pattern = new RegExp(escapeRegExp(filter.q.trim()), 'i');
        query.$or = [{ name: pattern }, { description: pattern }, { tags: pattern }, { sku: pattern }];
      }
      const [docs, total] = await Promise.all([
        Product.find(query)
          .sort({ category: 1, name: 1, _id: 1 })
          .skip(skipOf(page))
          .limit(page.limit)
          .lean<ProductDoc[]>(),
        Product.countDocuments(query),
      ]);
      return { items: docs.map(toProduct), page: page.page, limit: page.limit, total };
    },

    /** Every active product: small catalogues only (recommendations and fuzzy matching load it whole). */
    async listActive(): Promise<ProductRecord[]> {
      const docs = await Product.find({ active: true }).sort({ sku: 1 }).lean<ProductDoc[]>();
      return docs.map(toProduct);
    },

    async findById(id: string): Promise<ProductRecord | null> {
      const doc = await Product.findOne({ _id: toObjectId(id, 'product id') }).lean<ProductDoc>();
      return doc === null ? null : toProduct(doc);
    },

    async findBySku(sku: string): Promise<ProductRecord | null> {
      const doc = await Product.findOne({ sku: sku.trim() }).lean<ProductDoc>();
      return doc === null ? null : toProduct(doc);
    },

    async findByIds(ids: readonly string[]): Promise<ProductRecord[]> {
      const docs = await Product.find({ _id: { $in: ids.map((id) => toObjectId(id, 'product id')) } }).lean<
        ProductDoc[]
      >();
      return docs.map(toProduct);
    },

    async categories(): Promise<string[]> {
      const values: string[] = await Product.distinct('category', { active: true });
      return values.sort();
    },

    async insertMany(products: readonly NewProduct[]): Promise<ProductRecord[]> {
      try {
        const docs = await Product.insertMany(products, { ordered: true });
        return docs.map((doc) => toProduct(doc.toObject()));
      } catch (error) {
        return duplicateAsConflict(error, 'A product with this sku already exists.');
      }
    },

    async create(product: NewProduct): Promise<ProductRecord> {
      try {
        const doc = await Product.create(product);
        return toProduct(doc.toObject());
      } catch (error) {
        return writeErrorAsAppError(error, 'A product with this sku already exists.');
      }
    },

    /** Null when no product has that id; only the given fields change. */
    async update(id: string, changes: ProductChanges): Promise<ProductRecord | null> {
      try {
        const doc = await Product.findOneAndUpdate(
          { _id: toObjectId(id, 'product id') },
          { $set: changes },
          { returnDocument: 'after', runValidators: true },
        ).lean<ProductDoc>();
        return doc === null ? null : toProduct(doc);
      } catch (error) {
        return validationAsAppError(error);
      }
    },

    count(): Promise<number> {
      return Product.countDocuments({});
    },
  };
}
