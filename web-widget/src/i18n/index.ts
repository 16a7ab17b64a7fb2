import { en, type Strings } from './en.ts';

export type { Strings };

/** Shipped languages. Adding one: a file like en.ts, and a line here. */
const LANGUAGES: Readonly<Record<string, Strings>> = { en };

/** The language asked for (`fr-CA` falls back to `fr`, then English), with the shop's single-string overrides. */
export function stringsFor(lang: string, overrides: Readonly<Record<string, string>> = {}): Strings {
  const base = LANGUAGES[lang] ?? LANGUAGES[lang.split('-')[0] ?? ''] ?? en;
  const known = Object.fromEntries(Object.entries(overrides).filter(([key]) => Object.hasOwn(en, key)));
  return { ...base, ...known };
}

/** Fills `{name}` placeholders; a missing value leaves the placeholder visible rather than inventing text. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : match,
  );
}
