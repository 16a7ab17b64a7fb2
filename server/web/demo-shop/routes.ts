import type { Response, Router } from 'express';
import type { HttpRegistration } from '../../app.ts';
import type { ProductRecord } from '../../data/records.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import type { Html } from './html.ts';
import {
  categoryLabel,
  categoryPage,
  helpPage,
  homePage,
  notFoundPage,
  productPage,
  type Category,
} from './pages.ts';
import { productArt } from './product-art.ts';
import { SHOP_CSS, SHOP_JS } from './shop-assets.ts';

/**
 * The pages' policy: everything from this server only, no inline script or style. The widget works under it
 * (its styles are constructed stylesheets), which is what a strict shop would have. 'self' covers the
 * widget's WebSocket to this server.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * The demo storefront at `/`: the seeded catalogue as home, category and product pages, labelled as synthetic,
 * with the widget embedded by its one tag. Pass it in `createApplication(deps, { http: [demoShop()] })`.
 */
export function demoShop(): HttpRegistration {
  return (app: Router, context) => {
    const products = context.repositories.products;

    app.get('/', async (_req, res) => {
      const catalogue = await products.listActive();
      const categories = categoriesOf(catalogue);
      const featured = categories.flatMap((c) => (c.sample ? [c.sample] : []));
      sendPage(res, homePage(categories, featured));
    });

    app.get('/category/:category', async (req, res) => {
      const catalogue = await products.listActive();
      const categories = categoriesOf(catalogue);
      const category = categories.find((c) => c.id === String(req.params.category).toLowerCase());
      if (!category) {
        sendPage(res, notFoundPage(categories, 'such category'), 404);
        return;
      }
      const items = catalogue.filter((p) => p.category === category.id).sort(byName);
      sendPage(res, categoryPage(categories, category, items));
    });

    app.get('/products/:idOrSku', async (req, res) => {
      const catalogue = await products.listActive();
      const categories = categoriesOf(catalogue);
      const product = await findProduct(products, String(req.params.idOrSku));
      if (!product || !product.active) {
        sendPage(res, notFoundPage(categories, 'such product'), 404);
        return;
      }
      const related = catalogue
        .filter((p) => p.category === product.category && p.id !== product.id)
        .sort(byName)
        .slice(0, 4);
      sendPage(res, productPage(categories, product, related));
    });

    // The chat's links to the shop's policies ("More details: /help/returns-policy"), in the shop's layout.
    app.get('/help/:slug', async (req, res, next) => {
      const article = await context.repositories.knowledge.findBySlug(String(req.params.slug));
      if (!article || !article.active) {
        next();
        return;
      }
      sendPage(res, helpPage(categoriesOf(await products.listActive()), article));
    });

    app.get('/demo-shop/images/:file', async (req, res, next) => {
      const match = /^(.+)\.svg$/.exec(String(req.params.file));
      const product = match ? await products.findBySku(match[1]!) : null;
      if (!product) {
        next();
        return;
      }
      res
        .type('image/svg+xml')
        .set('Cache-Control', 'public, max-age=86400')
        // The chat's product cards show these pictures on shops of other origins.
        .set('Cross-Origin-Resource-Policy', 'cross-origin')
        .set('Access-Control-Allow-Origin', '*')
        .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(productArt(product));
    });

    app.get('/demo-shop/shop.css', (_req, res) => {
      res.type('text/css').set('Cache-Control', 'public, max-age=300').send(SHOP_CSS);
    });
    app.get('/demo-shop/shop.js', (_req, res) => {
      res.type('text/javascript').set('Cache-Control', 'public, max-age=300').send(SHOP_JS);
    });
  };
}

function sendPage(res: Response, page: Html, status = 200): void {
  res
    .status(status)
    .type('html')
    .set('Content-Security-Policy', PAGE_CSP)
    .set('Cache-Control', 'no-cache')
    .send(page.value);
}

async function findProduct(
  products: Repositories['products'],
  idOrSku: string,
): Promise<ProductRecord | null> {
  if (OBJECT_ID.test(idOrSku)) {
    const byId = await products.findById(idOrSku);
    if (byId) return byId;
  }
  return (await products.findBySku(idOrSku)) ?? (await products.findBySku(idOrSku.toUpperCase()));
}

function categoriesOf(catalogue: readonly ProductRecord[]): Category[] {
  const byCategory = new Map<string, ProductRecord[]>();
  for (const product of catalogue) {
    const list = byCategory.get(product.category) ?? [];
    list.push(product);
    byCategory.set(product.category, list);
  }
  return [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, items]) => ({
      id,
      label: categoryLabel(id),
      count: items.length,
      sample: items.sort(byName)[0],
    }));
}

function byName(a: ProductRecord, b: ProductRecord): number {
  return a.name.localeCompare(b.name);
}
