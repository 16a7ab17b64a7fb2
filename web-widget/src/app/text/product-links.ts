import type { ProductSuggestion } from '../../../../server/contracts/visitor-events.ts';
import type { WidgetOptions } from '../../shared/options.ts';
import { safeHref } from './links.ts';

/**
 * The product's page: the shop's own (`data-product-url`, with `{sku}` or `{id}`, resolved on the shop's
 * page), else the page the server gave (a path on the Concierge server); http(s) only.
 */
export function productHref(product: ProductSuggestion, options: WidgetOptions, page: string): string | null {
  const template = options.productUrl;
  if (template && (!template.includes('{sku}') || product.sku)) {
    const url = template
      .replace('{sku}', encodeURIComponent(product.sku ?? ''))
      .replace('{id}', encodeURIComponent(product.productId));
    return safeHref(url, page);
  }
  return product.url ? safeHref(product.url, `${options.serverUrl}/`) : null;
}

/** A picture path is on the Concierge server, not the shop's page. */
export function productImage(product: ProductSuggestion, options: WidgetOptions): string | null {
  return product.imageUrl ? safeHref(product.imageUrl, `${options.serverUrl}/`) : null;
}
