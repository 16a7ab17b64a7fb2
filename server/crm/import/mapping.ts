import { AppError } from '../../shared/errors.ts';

export const IMPORT_KINDS = ['contacts', 'products', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The fields each kind of row can fill, and the header names (normalised) that map to them by default. */
const FIELDS: Record<ImportKind, Record<string, string[]>> = {
  contacts: {
    name: ['name', 'fullname', 'customer', 'customername', 'nom', 'contact'],
    email: ['email', 'emailaddress', 'mail', 'courriel'],
    phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone'],
    shopUserId: ['shopuserid', 'customerid', 'userid'],
  },
  products: {
    sku: ['sku', 'productcode', 'itemcode', 'reference', 'ref'],
    name: ['name', 'productname', 'title', 'product'],
    description: ['description', 'details'],
    category: ['category', 'productcategory', 'type'],
    price: ['price', 'unitprice', 'prix', 'amount'],
    currency: ['currency', 'devise'],
    stock: ['stock', 'quantityonhand', 'inventory', 'qty', 'quantity'],
    active: ['active', 'enabled', 'published'],
    tags: ['tags', 'keywords'],
    imageUrl: ['imageurl', 'image', 'picture'],
  },
  orders: {
    number: ['number', 'ordernumber', 'orderid', 'order', 'orderno'],
    email: ['email', 'customeremail', 'emailaddress'],
    sku: ['sku', 'productcode', 'itemcode'],
    quantity: ['quantity', 'qty'],
    price: ['price', 'unitprice'],
    currency: ['currency'],
    status: ['status', 'orderstatus'],
    placedAt: ['placedat', 'orderdate', 'date', 'createdat'],
    shippedAt: ['shippedat', 'shipdate', 'shippeddate'],
    deliveredAt: ['deliveredat', 'deliverydate'],
    trackingNumber: ['trackingnumber', 'tracking', 'trackingcode'],
  },
};

/** The key fields a row needs to be matched with the stored records. */
export const REQUIRED: Record<ImportKind, string[][]> = {
  contacts: [['email', 'phone']],
  products: [['sku']],
  orders: [['number'], ['email'], ['sku']],
};

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

export type ColumnMapping = Record<string, string>;

/** `attributes.<name>` keeps a column as a free-form attribute (contacts and products). */
const ATTRIBUTE = /^attributes\.[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function fieldsOf(kind: ImportKind): string[] {
  return Object.keys(FIELDS[kind]);
}

/**
 * Header → field: the given overrides (`col=field`, `col=-` ignores a column) first, then known header
 * names. Unknown fields in the overrides and required fields left unmapped are refused up front.
 */
export function resolveMapping(
  kind: ImportKind,
  headers: readonly string[],
  overrides: ColumnMapping = {},
): { mapping: ColumnMapping; ignored: string[] } {
  const { mapping, ignored, problems } = matchColumns(kind, headers, overrides);
  if (problems.length > 0)
    throw new AppError('VALIDATION_FAILED', 'The column mapping is not usable.', {
      details: { issues: problems },
    });
  return { mapping, ignored };
}

/** `resolveMapping` without throwing: what the console suggests, with what is still missing. */
export function matchColumns(
  kind: ImportKind,
  headers: readonly string[],
  overrides: ColumnMapping = {},
): { mapping: ColumnMapping; ignored: string[]; problems: { field: string; message: string }[] } {
  const known = FIELDS[kind];
  const problems: { field: string; message: string }[] = [];
  for (const [column, field] of Object.entries(overrides)) {
    if (!headers.includes(column))
      problems.push({ field: `map.${column}`, message: 'no such column in the file' });
    const allowed = field === '-' || field in known || (kind !== 'orders' && ATTRIBUTE.test(field));
    if (!allowed) {
      problems.push({
        field: `map.${column}`,
        message: `unknown field "${field}" (fields: ${fieldsOf(kind).join(', ')})`,
      });
    }
  }
  const mapping: ColumnMapping = {};
  const ignored: string[] = [];
  const taken = new Set<string>();
  for (const header of headers) {
    const override = overrides[header];
    const field =
      override ??
      Object.entries(known).find(
        ([name, aliases]) => !taken.has(name) && aliases.includes(normalise(header)),
      )?.[0];
    if (field === undefined || field === '-') {
      ignored.push(header);
      continue;
    }
    mapping[header] = field;
    taken.add(field);
  }
  for (const group of REQUIRED[kind]) {
    if (!group.some((field) => taken.has(field))) {
      problems.push({
        field: group.join('|'),
        message: `no column maps to ${group.join(' or ')}; map a column to ${group[0]} (--map column=${group[0]})`,
      });
    }
  }
  return { mapping, ignored, problems };
}

/** `["Mail=email", "Tier=attributes.tier"]` → `{ Mail: 'email', Tier: 'attributes.tier' }`. */
export function parseMapArguments(pairs: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      throw new AppError('VALIDATION_FAILED', `--map expects column=field, got "${pair}".`);
    }
    mapping[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return mapping;
}
