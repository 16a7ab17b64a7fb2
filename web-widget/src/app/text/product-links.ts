import type { ProductSuggestion } from '../../../../server/contracts/visitor-events.ts';
import type { WidgetOptions } from '../../shared/options.ts';
import { safeHref } from './links.ts';

/** The product's page: the link the server gave, or the shop's `data-product-url` pattern; http(s) only. */
export function productHref(product: ProductSuggestion, options: WidgetOptions, page: string): string | null {
  if (product.url) return safeHref(product.url, page);
  if (!options.productUrl) return null;
  return safeHref(options.productUrl.replace('{id}', encodeURIComponent(product.productId)), page);
}

/** A picture path is on the Concierge server, not the shop's page. */
export function productImage(product: ProductSuggestion, options: WidgetOptions): string | null {
  return product.imageUrl ? safeHref(product.imageUrl, `${options.serverUrl}/`) : null;
}
