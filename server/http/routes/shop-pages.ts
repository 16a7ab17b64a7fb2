import { Router, type Response } from 'express';
import type { HttpRegistration } from '../../app.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SKU = /^[A-Za-z0-9-]{1,64}$/;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function page(res: Response, title: string, body: string): void {
  res
    .type('html')
    .set('Cache-Control', 'public, max-age=60')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}a{color:#0a58ca}.note{color:#555;font-size:.875rem}</style></head>` +
        `<body><main>${body}</main></body></html>`,
    );
}

/**
 * The pages the chat's links open: a knowledge article at `/help/<slug>` and a product at `/products/<sku>`,
 * rendered from the same records the bot answers from, so a link never says something the bot did not.
 */
export function shopPages(repositories: Repositories): HttpRegistration {
  return (app) => {
    const router = Router();
    router.get('/help/:slug', async (req, res) => {
      const slug = String(req.params.slug);
      const article = SLUG.test(slug) ? await repositories.knowledge.findBySlug(slug) : null;
      if (!article || !article.active) throw new AppError('NOT_FOUND', 'No help page with this name.');
      const note = article.synthetic
        ? '<p class="note">Demo shop: this policy is invented for the demonstration.</p>'
        : '';
      page(
        res,
        article.title,
        `<h1>${escapeHtml(article.title)}</h1><p>${escapeHtml(article.answer)}</p>${note}`,
      );
    });
    router.get('/products/:sku', async (req, res) => {
      const sku = String(req.params.sku);
      const product = SKU.test(sku) ? await repositories.products.findBySku(sku) : null;
      if (!product || !product.active) throw new AppError('NOT_FOUND', 'No product with this reference.');
      const price = `${product.price.toFixed(2)} ${product.currency}`;
      const stock =
        product.stock === null ? 'Available to order' : product.stock > 0 ? 'In stock' : 'Out of stock';
      page(
        res,
        product.name,
        `<h1>${escapeHtml(product.name)}</h1><p><strong>${escapeHtml(price)}</strong> · ${stock}</p><p>${escapeHtml(product.description)}</p>`,
      );
    });
    app.use(router);
  };
}
