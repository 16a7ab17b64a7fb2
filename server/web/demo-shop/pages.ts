import type { KnowledgeArticleRecord, ProductRecord } from '../../data/records.ts';
import { availabilityOf, formatPrice as priceText, productLink } from '../../products/product-facts.ts';
import { html, type Html } from './html.ts';
import { demoProductImagePath } from '../../data/seed/catalogue.ts';

export interface Category {
  id: string;
  label: string;
  count: number;
  sample: ProductRecord | undefined;
}

export interface PageFrame {
  title: string;
  categories: readonly Category[];
  /** The category the page belongs to, highlighted in the navigation. */
  current?: string;
}

export function categoryLabel(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function imageOf(product: ProductRecord): string {
  return product.imageUrl ?? demoProductImagePath(product.sku);
}

/**
 * The page around every demo page: the demo notice, the navigation, and the widget embedded with the same one
 * tag a shop would paste (docs/widget.md), here with the demo's product links.
 */
export function layout(frame: PageFrame, main: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title} · Northwind Demo Shop</title>
        <meta
          name="description"
          content="A demo storefront with synthetic data, showing the Concierge chat widget."
        />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/demo-shop/shop.css" />
        <script src="/demo-shop/shop.js" defer></script>
      </head>
      <body>
        <p class="demo-notice" role="note">
          <strong>Demo shop.</strong> Every product, price, customer and order here is synthetic data invented
          for this demo. Nothing is for sale. Try the chat in the corner: “where is my order ORD-10042?”,
          “show me audio products”, “I want to talk to a person”.
        </p>
        <header class="site-header">
          <a class="brand" href="/">Northwind <span>demo shop</span></a>
          <nav aria-label="Categories">
            <ul>
              ${frame.categories.map(
                (c) =>
                  html`<li>
                    <a
                      href="/category/${encodeURIComponent(c.id)}"
                      ${c.id === frame.current ? html` aria-current="page"` : ''}
                      >${c.label}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
        </header>
        <main id="main">${main}</main>
        <footer class="site-footer">
          <p>Northwind is a made-up shop. The chat in the corner is Concierge, open source.</p>
        </footer>
        <script
          src="/widget.js"
          async
          data-title="Northwind help"
          data-greeting="Hi! I'm Northwind's assistant. Ask me about an order, a product, returns or delivery."
        ></script>
      </body>
    </html> `;
}

function productCard(product: ProductRecord): Html {
  return html`<li class="card">
    <img src="${imageOf(product)}" alt="" width="320" height="240" loading="lazy" />
    <h3><a href="${productLink(product)}">${product.name}</a></h3>
    <p class="price">${priceText(product.price, product.currency)}</p>
  </li>`;
}

export function homePage(categories: readonly Category[], featured: readonly ProductRecord[]): Html {
  return layout(
    { title: 'Home', categories },
    html`<section class="hero">
        <h1>Gear for work, play and the outdoors</h1>
        <p>
          A small storefront to try Concierge: open the chat, ask about an order or a product, and see how the
          assistant answers and when it hands over to a person.
        </p>
        <button type="button" class="button" data-concierge-open>Ask a question</button>
      </section>
      <section aria-labelledby="categories-title">
        <h2 id="categories-title">Shop by category</h2>
        <ul class="categories">
          ${categories.map(
            (c) =>
              html`<li class="category">
                ${c.sample ? html`<img src="${imageOf(c.sample)}" alt="" width="320" height="240" loading="lazy" />` : ''}
                <a href="/category/${encodeURIComponent(c.id)}">${c.label}</a>
                <span>${c.count} ${c.count === 1 ? 'product' : 'products'}</span>
              </li>`,
          )}
        </ul>
      </section>
      <section aria-labelledby="featured-title">
        <h2 id="featured-title">Featured</h2>
        <ul class="grid">
          ${featured.map(productCard)}
        </ul>
      </section>`,
  );
}

export function categoryPage(
  categories: readonly Category[],
  category: Category,
  products: readonly ProductRecord[],
): Html {
  return layout(
    { title: category.label, categories, current: category.id },
    html`<nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Home</a> › <span aria-current="page">${category.label}</span>
      </nav>
      <h1>${category.label}</h1>
      <ul class="grid">
        ${products.map(productCard)}
      </ul>`,
  );
}

export function productPage(
  categories: readonly Category[],
  product: ProductRecord,
  related: readonly ProductRecord[],
): Html {
  const category = categories.find((c) => c.id === product.category);
  const label = category?.label ?? categoryLabel(product.category);
  const attributes = Object.entries(product.attributes).filter(([, value]) =>
    ['string', 'number', 'boolean'].includes(typeof value),
  );
  return layout(
    { title: product.name, categories, current: product.category },
    html`<nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Home</a> › <a href="/category/${encodeURIComponent(product.category)}">${label}</a> ›
        <span aria-current="page">${product.name}</span>
      </nav>
      <article class="product">
        <img src="${imageOf(product)}" alt="${product.name}" width="320" height="240" />
        <div>
          <h1>${product.name}</h1>
          <p class="price">${priceText(product.price, product.currency)}</p>
          <p class="availability">${capitalised(availabilityOf(product))}</p>
          <p>${product.description}</p>
          ${
            attributes.length > 0
              ? html`<dl class="attributes">
                  ${attributes.map(
                    ([key, value]) =>
                      html`<div>
                        <dt>${attributeLabel(key)}</dt>
                        <dd>${String(value)}</dd>
                      </div>`,
                  )}
                </dl>`
              : ''
          }
          <p class="sku">SKU ${product.sku}</p>
          <button type="button" class="button" data-concierge-open>Ask about this product</button>
        </div>
      </article>
      ${
        related.length > 0
          ? html`<section aria-labelledby="related-title">
              <h2 id="related-title">More in ${label}</h2>
              <ul class="grid">
                ${related.map(productCard)}
              </ul>
            </section>`
          : ''
      }`,
  );
}

export function helpPage(categories: readonly Category[], article: KnowledgeArticleRecord): Html {
  return layout(
    { title: article.title, categories },
    html`<nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Home</a> › <span aria-current="page">Help</span>
      </nav>
      <article class="help">
        <h1>${article.title}</h1>
        <p>${article.answer}</p>
        ${article.synthetic ? html`<p class="note">This policy is invented for the demo shop.</p>` : ''}
      </article>`,
  );
}

export function notFoundPage(categories: readonly Category[], what: string): Html {
  return layout(
    { title: 'Not found', categories },
    html`<h1>Not found</h1>
      <p>There is no ${what} here. <a href="/">Back to the shop</a>.</p>`,
  );
}

function attributeLabel(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
