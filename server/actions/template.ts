export type TemplateValues = Readonly<Record<string, string | number | undefined | null>>;

const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_.]*)\}/g;

/** The placeholder names a template needs, e.g. `{order_number}` → `order_number`. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Fills every placeholder, or returns null when any of them has no value. */
export function fillTemplate(template: string, values: TemplateValues): string | null {
  let missing = false;
  const text = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === null || value === '') {
      missing = true;
      return '';
    }
    return String(value);
  });
  return missing ? null : text;
}

/**
 * Picks a response variant at random among those whose placeholders can all be filled, so a reply never
 * shows a raw `{placeholder}` or a hole. Returns null when no variant fits.
 */
export function renderResponse(
  variants: readonly string[],
  values: TemplateValues,
  random: () => number = Math.random,
): string | null {
  const filled = variants.map((v) => fillTemplate(v, values)).filter((t): t is string => t !== null);
  if (filled.length === 0) return null;
  return filled[Math.min(filled.length - 1, Math.floor(random() * filled.length))]!;
}
