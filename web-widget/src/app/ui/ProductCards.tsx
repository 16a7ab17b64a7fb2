import type { ProductSuggestion } from '../../../../server/contracts/visitor-events.ts';
import { formatPrice } from '../text/format.ts';
import { productHref, productImage } from '../text/product-links.ts';
import { useEnvironment } from './context.ts';

export function ProductCards({ products }: { products: ProductSuggestion[] }) {
  const { options, strings } = useEnvironment();
  return (
    <ul class="cc-products">
      {products.map((product) => {
        const href = productHref(product, options, window.location.href);
        const image = productImage(product, options);
        return (
          <li class="cc-product" key={product.productId}>
            {image !== null && <img class="cc-product-image" src={image} alt="" width={160} height={120} />}
            {/* The link's name is the product's title; the whole card is its click area (CSS). */}
            {href !== null ? (
              <a class="cc-product-title" href={href}>
                {product.title}
              </a>
            ) : (
              <span class="cc-product-title">{product.title}</span>
            )}
            <span class="cc-product-price">
              {formatPrice(product.price, options.currency, strings.locale)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
