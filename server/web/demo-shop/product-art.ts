import type { ProductRecord } from '../../data/records.ts';
import { escapeHtml } from './html.ts';

// The demo catalogue is synthetic and has no photographs: each product gets a drawn picture of its kind
// (headphones, a cup…) in its colour, so the storefront and the chat's product cards show something honest
// rather than a stock photo of a product that does not exist.

const ICONS: Record<string, string> = {
  audio:
    '<path d="M16 40v-8a16 16 0 0 1 32 0v8" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round"/>' +
    '<rect x="10" y="36" width="12" height="18" rx="4" fill="currentColor"/><rect x="42" y="36" width="12" height="18" rx="4" fill="currentColor"/>',
  'audio-accessories':
    '<path d="M26 46V16l22-5v30" fill="none" stroke="currentColor" stroke-width="5" stroke-linejoin="round"/>' +
    '<circle cx="20" cy="46" r="7" fill="currentColor"/><circle cx="42" cy="41" r="7" fill="currentColor"/>',
  mobile:
    '<rect x="19" y="6" width="26" height="52" rx="5" fill="none" stroke="currentColor" stroke-width="5"/>' +
    '<circle cx="32" cy="50" r="3" fill="currentColor"/>',
  computing:
    '<rect x="12" y="12" width="40" height="28" rx="3" fill="none" stroke="currentColor" stroke-width="5"/>' +
    '<path d="M6 48h52l-4 6H10z" fill="currentColor"/>',
  'computing-accessories':
    '<rect x="20" y="8" width="24" height="46" rx="12" fill="none" stroke="currentColor" stroke-width="5"/>' +
    '<path d="M32 10v14" stroke="currentColor" stroke-width="4" stroke-linecap="round"/>',
  coffee:
    '<path d="M12 26h32v14a12 12 0 0 1-12 12h-8a12 12 0 0 1-12-12z" fill="currentColor"/>' +
    '<path d="M44 30h4a6 6 0 0 1 0 12h-5" fill="none" stroke="currentColor" stroke-width="4"/>' +
    '<path d="M22 8c-3 4 3 6 0 10M32 8c-3 4 3 6 0 10" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round"/>',
  fitness:
    '<rect x="6" y="22" width="8" height="20" rx="2" fill="currentColor"/><rect x="50" y="22" width="8" height="20" rx="2" fill="currentColor"/>' +
    '<rect x="14" y="26" width="6" height="12" rx="1" fill="currentColor"/><rect x="44" y="26" width="6" height="12" rx="1" fill="currentColor"/>' +
    '<path d="M20 32h24" stroke="currentColor" stroke-width="5"/>',
  outdoor:
    '<path d="M32 10 6 54h52z" fill="none" stroke="currentColor" stroke-width="5" stroke-linejoin="round"/>' +
    '<path d="M32 30 22 54h20z" fill="currentColor"/>',
};

const FALLBACK_ICON =
  '<path d="M10 28 32 8l22 20v24a4 4 0 0 1-4 4H14a4 4 0 0 1-4-4z" fill="none" stroke="currentColor" stroke-width="5" stroke-linejoin="round"/>';

/** Background and ink per category (ink contrast on the background ≥ 4.5:1, though the icon is decorative). */
const PALETTE: Record<string, [string, string]> = {
  audio: ['#e0e7ff', '#3730a3'],
  'audio-accessories': ['#ede9fe', '#5b21b6'],
  mobile: ['#dbeafe', '#1e40af'],
  computing: ['#e2e8f0', '#1e293b'],
  'computing-accessories': ['#f1f5f9', '#334155'],
  coffee: ['#fef3c7', '#78350f'],
  fitness: ['#dcfce7', '#166534'],
  outdoor: ['#d1fae5', '#065f46'],
};

/** The product's own colour when it has one, so "Aria (White)" and "Aria" differ. */
const COLOURS: Record<string, string> = {
  black: '#111827',
  white: '#f9fafb',
  blue: '#2563eb',
  graphite: '#4b5563',
  mint: '#34d399',
  orange: '#ea580c',
  sage: '#6b8f71',
  silver: '#9ca3af',
};

export function productArt(product: Pick<ProductRecord, 'category' | 'attributes' | 'name'>): string {
  const [background, ink] = PALETTE[product.category] ?? ['#f3f4f6', '#374151'];
  const colour =
    typeof product.attributes.colour === 'string' ? COLOURS[product.attributes.colour] : undefined;
  const icon = ICONS[product.category] ?? FALLBACK_ICON;
  // A white product is drawn in outline on a darker ground, so it is still visible.
  const fill = colour === '#f9fafb' ? '#cbd5e1' : background;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" width="320" height="240">` +
    `<title>${escapeHtml(product.name)}</title>` +
    `<rect width="320" height="240" fill="${fill}"/>` +
    `<circle cx="160" cy="120" r="86" fill="#ffffff" fill-opacity="0.55"/>` +
    `<g transform="translate(96 56) scale(2)" color="${colour ?? ink}">${icon}</g>` +
    `</svg>`
  );
}
