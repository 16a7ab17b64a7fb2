export type TextPart = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

// http(s) URLs, and paths on the Concierge server ("More details: /help/returns-policy") after a space or
// an opening parenthesis; anything else (javascript:, data:, mailto:…) stays plain text.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+|(?<=^|[\s(])\/[A-Za-z0-9][^\s<>"'`]*/gi;
// Punctuation that ends a sentence rather than the URL ("see https://x.example/a.").
const TRAILING = '.,;:!?\'")]}';

/**
 * Splits a message into text and links. Only http and https URLs become links, and only after the URL parser
 * agrees; a path is resolved against `base` (the Concierge server) and stays text without one. The caller
 * renders every part as text (an anchor's text included), never as HTML.
 */
export function linkify(text: string, base?: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const candidate = trimUrl(match[0]);
    const href = candidate.startsWith('/') ? (base ? safeHref(candidate, base) : null) : safeHref(candidate);
    if (href === null) continue;
    if (start > last) parts.push({ type: 'text', text: text.slice(last, start) });
    parts.push({ type: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) });
  return parts;
}

/** Drops trailing sentence punctuation; a ")" stays when it closes a "(" of the URL (…/Foo_(bar)). */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING.includes(url[end - 1]!)) {
    if (url[end - 1] === ')') {
      const inside = url.slice(0, end);
      const opens = inside.split('(').length - 1;
      const closes = inside.split(')').length - 1;
      if (closes <= opens) break;
    }
    end -= 1;
  }
  return url.slice(0, end);
}

/** An absolute http(s) URL, or null for anything else. */
export function safeHref(candidate: string, base?: string): string | null {
  try {
    const url = new URL(candidate, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
