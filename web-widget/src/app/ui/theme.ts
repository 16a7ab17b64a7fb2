// The brand colour comes from the shop; text on it must still reach 4.5:1 (WCAG 2.2 AA). Black or white,
// whichever contrasts more, always does (at least 4.58:1).

function channels(hex: string): [number, number, number] {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** Relative luminance (WCAG 2.x). */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The text colour for the brand colour's surfaces (header, launcher, the visitor's bubbles). */
export function textOn(brand: string): '#ffffff' | '#000000' {
  return contrast(brand, '#ffffff') >= contrast(brand, '#000000') ? '#ffffff' : '#000000';
}
