import { entitiesOf } from '../conversation/analysis.ts';
import type { ProductRecord } from '../data/records.ts';
import { productCard } from '../products/product-answers.ts';
import { matchProduct } from './product-match.ts';
import type { ActionHandler } from './types.ts';

function describe(product: ProductRecord): string {
  const price = `${product.price.toFixed(2)} ${product.currency}`;
  const attributes = Object.entries(product.attributes)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${String(value)}`);
  const details = attributes.length > 0 ? ` ${attributes.join(', ')}.` : '';
  const description = product.description ? ` ${product.description}` : '';
  return `${product.name} costs ${price}.${description}${details}`;
}

/** Answers from the attributes of the product the visitor names, even misspelt. */
export const productInfo: ActionHandler = async ({ deps, analysis }) => {
  const model = deps.recommendations();
  // The NLP's catalogue match, when it found one, is the product id; otherwise match the text ourselves.
  const fromNlp = entitiesOf(analysis, 'product')
    .map((e) =>
      typeof e.value === 'object' && e.value !== null ? (e.value as { id?: unknown }).id : undefined,
    )
    .find((id): id is string => typeof id === 'string' && model.items.has(id));
  const productId = fromNlp ?? matchProduct(analysis.text, model.items.values())?.item.id;
  const product = productId ? await deps.repositories.products.findById(productId) : null;
  if (!product || !product.active) {
    return {
      text: "I couldn't tell which product you mean. Could you give me its name?",
      pendingSlot: { intent: 'product_info', slot: 'product' },
      outcome: 'not_found',
    };
  }
  return {
    text: describe(product),
    suggestions: [productCard(product)],
    pendingSlot: null,
    outcome: 'found',
  };
};
