import type { ProductSuggestion } from '../contracts/visitor-events.ts';
import type { AnalysedEntity } from '../conversation/analysis.ts';
import type { ProductRecord } from '../data/records.ts';
import type { Replies } from '../replies/replies.ts';
import {
  agreement,
  attributeWords,
  availabilityOf,
  detailSentence,
  colourOf,
  familyName,
  formatPrice,
  isPluralName,
  listOf,
  productLink,
} from './product-facts.ts';
import {
  askedToSell,
  constraintsOf,
  filterProducts,
  namedProduct,
  productNouns,
  productsByBrandWord,
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
  /** The product already settled by the caller ("the cheaper one"), ahead of any name in the text. */
  chosen?: ProductRecord;
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
    ...agreement(product.name),
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
  const named = question.chosen ?? namedProduct(text, entities, products) ?? question.previous;
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
          ...agreement(named.name),
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
  const details = detailSentence(product);
  let text2 = replies.say('product.price', facts(product));
  if (details) text2 += ` ${details}`;
  const colours = variants.map(colourOf).filter((c): c is string => c !== undefined);
  const { It, comes } = agreement(product.name);
  if (variants.length > 1 && colours.length === variants.length)
    text2 += ` ${It} ${comes} in ${listOf(colours, 'and')}.`;
  return { text: text2, suggestions: variants.map(productCard), outcome: 'price', products: variants };
}

/** "Do you sell X?" answered honestly: the products that are X, or "we don't carry X" and what we do sell. */
export function answerDoYouSell(question: ProductQuestion, asked?: string): ProductAnswer | undefined {
  const thing = asked ?? askedToSell(question.text);
  if (!thing) return undefined;
  const { products, replies } = question;
  const matching = productsMatching(thing, products);
  if (matching.length === 0) {
    // "the smaller boom one": no such kind, but a word of our product names.
    const brand = answerByBrandWord(question, thing);
    if (brand) return brand;
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

/**
 * A product asked for by a word of its name but not by its whole name ("how much is the aria pro max headset?",
 * "the smaller boom one"): the one family it points at as the closest, or the families listed with their prices.
 */
export function answerByBrandWord(question: ProductQuestion, query: string): ProductAnswer | undefined {
  const { products, replies } = question;
  const found = productsByBrandWord(query, products);
  const families = found.filter(
    (p, i) => found.findIndex((q) => familyName(q.name) === familyName(p.name)) === i,
  );
  const first = families[0];
  if (!first) return undefined;
  if (families.length === 1) {
    return {
      text: replies.say('product.not_found_closest', { ...facts(first), query }),
      suggestions: variantsOf(first, products).map(productCard),
      outcome: 'closest_by_name',
      products: variantsOf(first, products),
    };
  }
  const shown = families.slice(0, 3);
  const list = listOf(shown.map((p) => `the ${familyName(p.name)} (${formatPrice(p.price, p.currency)})`));
  const brand = brandWordOf(query, first);
  return {
    text: replies.say('recommend.kind', { what: `${brand} products`, list }),
    suggestions: shown.map(productCard),
    outcome: 'named_family',
    products: shown,
  };
}

/** The word of the query that is in the product's name, as the name writes it ("Boom"). */
function brandWordOf(query: string, product: ProductRecord): string {
  const said = new Set(query.toLowerCase().match(/\p{L}+/gu) ?? []);
  return (product.name.match(/\p{L}+/gu) ?? []).find((w) => said.has(w.toLowerCase())) ?? 'matching';
}

/** Two named products side by side: price and what sets each apart, then which is cheaper. */
export function answerComparison(
  question: ProductQuestion,
  given?: readonly [ProductRecord, ProductRecord],
): ProductAnswer | undefined {
  const pair = given ?? twoProducts(question.text, question.entities, question.products);
  if (!pair) return undefined;
  const [a, b] = pair;
  const describe = (p: ProductRecord) => {
    const details = attributeWords(p, 3);
    const stock = p.stock === 0 ? `, and ${agreement(p.name).its} ${availabilityOf(p)}` : '';
    return `the ${familyName(p.name)} ${agreement(p.name).costs} ${formatPrice(p.price, p.currency)}${details.length ? ` (${details.join(', ')})` : ''}${stock}`;
  };
  let comparison = `${describe(a)}; ${describe(b)}.`;
  comparison = comparison.charAt(0).toUpperCase() + comparison.slice(1);
  if (a.price !== b.price) {
    const [cheap, dear] = a.price < b.price ? [a, b] : [b, a];
    comparison += ` The ${familyName(cheap.name)} ${agreement(cheap.name).is} ${formatPrice(dear.price - cheap.price, cheap.currency)} cheaper.`;
  }
  return {
    text: question.replies.say('product.compare', { comparison }),
    suggestions: [productCard(a), productCard(b)],
    outcome: 'compared',
    products: [a, b],
  };
}

function constraintWords(constraints: ProductConstraints, currency: string, plural = true): string {
  const parts: string[] = [];
  if (constraints.features.length > 0)
    parts.push(`that ${plural ? 'are' : 'is'} ${listOf(constraints.features)}`);
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
      ? listOf(nouns.map(pluralOf), 'or')
      : constraints.categories.length > 0
        ? `${constraints.categories.join(' or ').replace(/-/g, ' ')} products`
        : 'products';
  const constraint = constraintWords(constraints, currency);
  let fits = filterProducts(products, constraints, nouns).filter((p) => p.stock !== 0);
  // "cheap speaker", "an affordable tent": the least expensive first.
  if (CHEAP.test(text)) fits = [...fits].sort((x, y) => x.price - y.price);
  // One card per product family: the white Aria next to the black one says nothing new.
  fits = fits.filter((p, i) => fits.findIndex((q) => familyName(q.name) === familyName(p.name)) === i);
  if (fits.length > 0) {
    const shown = fits.slice(0, limit);
    const list = listOf(shown.map((p) => `the ${familyName(p.name)} (${formatPrice(p.price, p.currency)})`));
    let said: string;
    if (shown.length === 1) {
      said = constraint
        ? replies.say('recommend.single', {
            ...facts(shown[0]!),
            constraint: constraintWords(constraints, currency, isPluralName(shown[0]!.name)),
          })
        : replies.say('product.price', facts(shown[0]!));
    } else if (constraint) said = replies.say('recommend.constrained', { what, constraint, list });
    else said = replies.say('recommend.kind', { what, list });
    return {
      text: said,
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

const CHEAP = /\b(?:cheap|cheapest|cheaper|budget|affordable|inexpensive|low[- ]cost|least expensive)\b/i;

/** "speaker" → "speakers", "headphones" stays, "coffee maker" → "coffee makers", "mouse" → "mice". */
export function pluralOf(kind: string): string {
  if (/(?:s|ware|gear)$/.test(kind)) return kind;
  if (/mouse$/.test(kind)) return kind.replace(/mouse$/, 'mice');
  if (/(?:ch|sh|x)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

/**
 * "Which one is cheaper?", "which of those is wireless?" about the products just shown: the one that fits, said
 * in a sentence with its card; undefined when the question asks nothing these can answer.
 */
export function answerAboutShown(
  question: ProductQuestion,
  shown: readonly ProductRecord[],
): ProductAnswer | undefined {
  const { text, replies } = question;
  if (shown.length < 2) return undefined;
  const cheaper = /\b(?:cheaper|cheapest|less expensive|least expensive|more affordable|lower price)\b/i.test(
    text,
  );
  const dearer = /\b(?:more expensive|most expensive|pricier|priciest|dearer)\b/i.test(text);
  if (cheaper || dearer) {
    const sorted = [...shown].sort((a, b) => (cheaper ? a.price - b.price : b.price - a.price));
    const [pick, next] = [sorted[0]!, sorted[1]!];
    if (pick.price === next.price) return answerComparison(question, [pick, next]);
    const gap = formatPrice(Math.abs(next.price - pick.price), pick.currency);
    return {
      text: replies.say('product.compare_pick', {
        ...facts(pick),
        quality:
          shown.length === 2
            ? cheaper
              ? 'cheaper'
              : 'more expensive'
            : cheaper
              ? 'cheapest'
              : 'most expensive',
        difference: `, ${gap} ${cheaper ? 'less' : 'more'} than the ${familyName(next.name)}`,
      }),
      suggestions: [productCard(pick)],
      outcome: 'picked',
      products: [pick],
    };
  }
  const constraints = constraintsOf(text, question.entities, question.products);
  const constrained =
    constraints.features.length > 0 ||
    constraints.colour !== undefined ||
    constraints.maxPrice !== undefined ||
    constraints.minPrice !== undefined;
  if (!constrained) return undefined;
  const fits = filterProducts(shown, constraints);
  const currency = shown[0]!.currency;
  if (fits.length === 0) {
    return {
      text: `None of those ${predicate(constraintWords(constraints, currency, false), false)}, I'm afraid.`,
      suggestions: [],
      outcome: 'none_of_shown',
      products: [],
    };
  }
  const names = listOf(fits.map((p) => `the ${familyName(p.name)} (${formatPrice(p.price, p.currency)})`));
  const plural = fits.length > 1 || isPluralName(fits[0]!.name);
  return {
    text: `Of those, ${names} ${predicate(constraintWords(constraints, currency, plural), plural)}.`,
    suggestions: fits.map(productCard),
    outcome: 'filtered_shown',
    products: fits,
  };
}

/** "that are wireless" → "are wireless"; "under $50.00" → "is under $50.00". */
function predicate(phrase: string, plural: boolean): string {
  return phrase.startsWith('that ') ? phrase.slice(5) : `${plural ? 'are' : 'is'} ${phrase}`;
}
