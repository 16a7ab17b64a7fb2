import { DEFAULT_COLOR, type Position, type WidgetOptions } from '../shared/options.ts';

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const CURRENCY = /^[A-Z]{3}$/;
const LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;

/**
 * Reads the script tag's data-* attributes. Anything malformed falls back to its default (with a console
 * warning from the caller) rather than breaking the shop's page.
 */
export function parseOptions(
  data: Readonly<Record<string, string | undefined>>,
  scriptSrc: string,
  warn: (message: string) => void = () => {},
): WidgetOptions {
  const script = new URL(scriptSrc);
  let serverUrl = script.origin;
  if (data.server) {
    try {
      const server = new URL(data.server);
      if (server.protocol === 'https:' || server.protocol === 'http:') serverUrl = server.origin;
      else warn(`data-server must be an http(s) URL; using ${serverUrl}`);
    } catch {
      warn(`data-server is not a URL; using ${serverUrl}`);
    }
  }
  const color = data.color?.trim() ?? '';
  if (color !== '' && !HEX_COLOR.test(color))
    warn(`data-color must be #rgb or #rrggbb; using ${DEFAULT_COLOR}`);
  const currency = data.currency?.trim().toUpperCase() ?? '';
  if (currency !== '' && !CURRENCY.test(currency)) warn('data-currency must be an ISO 4217 code; using USD');
  const lang = data.lang?.trim() ?? '';
  return {
    serverUrl,
    assetBase: new URL('.', script).href,
    position: positionOption(data.position),
    color: colorOption(color),
    title: text(data.title),
    greeting: text(data.greeting),
    lang: LANG.test(lang) ? lang : 'en',
    strings: stringsOption(data.strings, warn),
    productUrl: text(data.productUrl),
    currency: CURRENCY.test(currency) ? currency : 'USD',
  };
}

function text(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, 200);
}

// The loader reads these three itself (for the launcher it draws), with the same rules.

export function colorOption(value: string | undefined): string {
  const color = value?.trim() ?? '';
  return HEX_COLOR.test(color) ? color : DEFAULT_COLOR;
}

export function positionOption(value: string | undefined): Position {
  return value?.trim().toLowerCase() === 'left' ? 'left' : 'right';
}

export function stringsOption(
  raw: string | undefined,
  warn: (message: string) => void = () => {},
): Record<string, string> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    warn('data-strings must be a JSON object of strings; ignored');
    return {};
  }
}
