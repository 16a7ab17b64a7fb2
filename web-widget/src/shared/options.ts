// What a shop sets on the script tag (data-* attributes), after validation. The loader parses the tag; the app
// receives the result, so the app never reads the host page's DOM to configure itself.

export type Position = 'right' | 'left';

export interface WidgetOptions {
  /** Where the Concierge server is (the origin the loader was served from, unless `data-server` says otherwise). */
  serverUrl: string;
  /** Where the widget's own files are (the loader's folder). */
  assetBase: string;
  position: Position;
  /** The brand colour, `#rgb` or `#rrggbb`. */
  color: string;
  /** Header title; the language file's default when absent. */
  title: string | null;
  /** The first words shown in an empty conversation; the language file's default when absent. */
  greeting: string | null;
  /** A shipped language (`en`); unknown languages fall back to English. */
  lang: string;
  /** Single strings replaced by the shop, e.g. `{"send": "Envoyer"}`. */
  strings: Record<string, string>;
  /** The shop's product page for a product card, with `{id}` for the product id, e.g. `/products/{id}`. */
  productUrl: string | null;
  /** The currency prices are shown in (ISO 4217). */
  currency: string;
}

export const DEFAULT_COLOR = '#1d4ed8';
