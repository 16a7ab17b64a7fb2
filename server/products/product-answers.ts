import type { ProductSuggestion } from '../contracts/visitor-events.ts';
import type { AnalysedEntity } from '../conversation/analysis.ts';
import type { ProductRecord } from '../data/records.ts';
import type { Replies } from '../replies/replies.ts';
import {
  attributeWords,
  availabilityOf,
  colourOf,
  familyName,
  formatPrice,
  listOf,
  productLink,
} from './product-facts.ts';
import {
  askedToSell,
  constraintsOf,
  filterProducts,
  namedProduct,
  productNouns,
  productsMatching,
  twoProducts,
  variantsOf,
  type ProductConstraints,
} from './product-search.ts';

export interface ProductAnswer {
  text: string;
  suggestions: ProductSuggestion[];
  /** Machine-readable, for analytics and the dialogue tests: `price`, `variant_available`, `not_carried`… */
  outcome: string;
  /** The products the answer is about, so a follow-up ("what about the white one?") can refer to them. */
  products: ProductRecord[];
}

export interface ProductQuestion {
  text: string;
  entities: readonly AnalysedEntity[];
  /** Active products, most popular first. */
  products: readonly ProductRecord[];
  replies: Replies;
  /** The product the conversation was just about, for "what about the white one?". */
  previous?: ProductRecord;
}

export function productCard(product: ProductRecord): ProductSuggestion {
  return {
    type: 'product',
    productId: product.id,
    title: product.name,
    price: product.price,
    sku: product.sku,
    url: productLink(product),
    ...(product.imageUrl ? { imageUrl: product.imageUrl } : {}),
  };
}

function facts(product: ProductRecord) {
  return {
    product: familyName(product.name),
    price: formatPrice(product.price, product.currency),
    availability: availabilityOf(product),
    link: productLink(product),
  };
}

const PRODUCT_CATEGORIES_FALLBACK = 'audio, mobile accessories, computing, coffee, fitness and outdoor gear';

/** "audio, mobile, computing and coffee" from the catalogue itself. */
export function categoryList(products: readonly ProductRecord[]): string {
  const categories = [...new Set(products.filter((p) => p.active).map((p) => p.category.replace(/-/g, ' ')))];
  const main = categories.filter((c) => !c.endsWith('accessories'));
  return main.length > 0 ? listOf(main) : PRODUCT_CATEGORIES_FALLBACK;
}

/** Price, availability and variants of the product the visitor names (or was just talking about). */
export function answerAboutProduct(question: ProductQuestion): ProductAnswer | undefined {
  const { text, entities, products, replies } = question;
  const constraints = constraintsOf(text, entities, products);
  const named = namedProduct(text, entities, products) ?? question.previous;
  if (!named) return undefined;
  const variants = variantsOf(named, products);
  if (constraints.colour) {
    const wanted = variants.find((v) => colourOf(v) === constraints.colour);
    if (wanted) {
      return {
        text: replies.say('product.variant_available', { ...facts(wanted), variant: constraints.colour }),
        suggestions: [productCard(wanted)],
        outcome: 'variant_available',
        products: [wanted],
      };
    }
    const colours = variants.map(colourOf).filter((c): c is string => c !== undefined);
    if (colours.length > 0) {
      return {
        text: replies.say('product.variant_missing', {
          product: familyName(named.name),
          variant: constraints.colour,
          variants: listOf(colours, 'or'),
        }),
        suggestions: variants.map(productCard),
        outcome: 'variant_missing',
        products: variants,
      };
    }
  }
  const product = variants.find((v) => v.id === named.id) ?? named;
  const details = attributeWords(product);
  let text2 = replies.say('product.price', facts(product));
  if (details.length > 0) text2 += ` It's ${listOf(details)}.`;
  const colours = variants.map(colourOf).filter((c): c is string => c !== undefined);
  if (variants.length > 1 && colours.length === variants.length)
    text2 += ` It comes in ${listOf(colours, 'and')}.`;
  return { text: text2, suggestions: variants.map(productCard), outcome: 'price', products: variants };
}

/** "Do you sell X?" answered honestly: the products that are X, or "we don't carry X" and what we do sell. */
export function answerDoYouSell(question: ProductQuestion): ProductAnswer | undefined {
  const thing = askedToSell(question.text);
  if (!thing) return undefined;
  const { products, replies } = question;
  const matching = productsMatching(thing, products);
  if (matching.length === 0) {
    return {
      text: replies.say('product.not_carried', { query: thing, categories: categoryList(products) }),
      suggestions: [],
      outcome: 'not_carried',
      products: [],
    };
  }
  const shown = matching.slice(0, 3);
  return {
    text: replies.say('product.carried', { query: thing }),
    suggestions: shown.map(productCard),
    outcome: 'carried',
    products: shown,
  };
}

/** Two named products side by side: price and what sets each apart, then which is cheaper. */
export function answerComparison(question: ProductQuestion): ProductAnswer | undefined {
  const pair = twoProducts(question.text, question.entities, question.products);
  if (!pair) return undefined;
  const [a, b] = pair;
  const describe = (p: ProductRecord) => {
    const details = attributeWords(p, 3);
    return `the ${familyName(p.name)} costs ${formatPrice(p.price, p.currency)}${details.length ? ` (${details.join(', ')})` : ''}`;
  };
  let comparison = `${describe(a)}; ${describe(b)}.`;
  comparison = comparison.charAt(0).toUpperCase() + comparison.slice(1);
  if (a.price !== b.price) {
    const [cheap, dear] = a.price < b.price ? [a, b] : [b, a];
    comparison += ` The ${familyName(cheap.name)} is ${formatPrice(dear.price - cheap.price, cheap.currency)} cheaper.`;
  }
  return {
    text: question.replies.say('product.compare', { comparison }),
    suggestions: [productCard(a), productCard(b)],
    outcome: 'compared',
    products: [a, b],
  };
}

function constraintWords(constraints: ProductConstraints, currency: string): string {
  const parts: string[] = [];
  if (constraints.features.length > 0) parts.push(`that are ${listOf(constraints.features)}`);
  if (constraints.colour) parts.push(`in ${constraints.colour}`);
  if (constraints.maxPrice !== undefined && constraints.minPrice !== undefined)
    parts.push(
      `between ${formatPrice(constraints.minPrice, currency)} and ${formatPrice(constraints.maxPrice, currency)}`,
    );
  else if (constraints.maxPrice !== undefined)
    parts.push(`under ${formatPrice(constraints.maxPrice, currency)}`);
  else if (constraints.minPrice !== undefined)
    parts.push(`over ${formatPrice(constraints.minPrice, currency)}`);
  return parts.join(' ');
}

/**
 * A recommendation request with constraints ("wireless headphones under $150"): only products meeting all of
 * them, most popular first; when none does, says so and names the nearest product instead of ignoring them.
 * Undefined when the message sets no constraint (the recommendation model answers it).
 */
export function recommendWithin(question: ProductQuestion, limit = 3): ProductAnswer | undefined {
  const { text, entities, products, replies } = question;
  const constraints = constraintsOf(text, entities, products);
  const nouns = productNouns(text, products);
  const constrained =
    constraints.categories.length > 0 ||
    nouns.length > 0 ||
    constraints.maxPrice !== undefined ||
    constraints.minPrice !== undefined ||
    constraints.features.length > 0;
  if (!constrained) return undefined;
  const currency = products[0]?.currency ?? 'USD';
  const what =
    nouns.length > 0
      ? listOf(nouns, 'or')
      : constraints.categories.length > 0
        ? `${constraints.categories.join(' or ').replace(/-/g, ' ')} products`
        : 'products';
  const constraint = constraintWords(constraints, currency);
  const fits = filterProducts(products, constraints, nouns).filter((p) => p.stock !== 0);
  if (fits.length > 0) {
    const shown = fits.slice(0, limit);
    return {
      text: constraint
        ? replies.say('recommend.constrained', { what, constraint })
        : `Here are some ${what} we sell:`,
      suggestions: shown.map(productCard),
      outcome: 'recommended_constrained',
      products: shown,
    };
  }
  // Nothing meets every constraint: the nearest of the right kind, by price.
  const kind = filterProducts(products, { ...constraints, maxPrice: undefined, minPrice: undefined }, nouns);
  const target = constraints.maxPrice ?? constraints.minPrice ?? 0;
  const nearest = [...kind].sort((x, y) => Math.abs(x.price - target) - Math.abs(y.price - target))[0];
  if (!nearest) {
    return {
      text: replies.say('product.not_carried', {
        query: constraint ? `${what} ${constraint}` : what,
        categories: categoryList(products),
      }),
      suggestions: [],
      outcome: 'none_within',
      products: [],
    };
  }
  return {
    text: replies.say('recommend.none_within', { what, constraint, ...facts(nearest) }),
    suggestions: [productCard(nearest)],
    outcome: 'none_within',
    products: [nearest],
  };
}
