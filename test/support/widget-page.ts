import type { Locator, Page } from 'playwright-core';

// The widget as a visitor (and a screen reader) finds it: by role and accessible name. Playwright's role
// locators pierce the widget's open shadow root.

export function launcher(page: Page): Locator {
  return page.getByRole('button', { name: 'Open chat', exact: true });
}

export function chatPanel(page: Page): Locator {
  return page.getByRole('dialog', { name: /chat/i });
}

export function messageBox(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Message', exact: true });
}

export function messageLog(page: Page): Locator {
  return page.getByRole('log');
}

export async function openChat(page: Page): Promise<void> {
  await launcher(page).click();
  await chatPanel(page).waitFor();
}

/** Types into the message box and presses Enter, as a visitor does. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await messageBox(page).fill(text);
  await messageBox(page).press('Enter');
}

export interface DisplayedMessage {
  seq: number | null;
  id: string | null;
  sender: string;
  text: string;
  pending: string | null;
}

/** The transcript as displayed, top to bottom (read from the widget's shadow root). */
export function transcript(page: Page): Promise<DisplayedMessage[]> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-concierge-widget]')?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll<HTMLElement>('.cc-msg, .cc-system')].map((el) => {
      const sender = el.classList.contains('cc-system')
        ? 'system'
        : (/cc-from-(\w+)/.exec(el.className)?.[1] ?? 'unknown');
      const text = (el.querySelector('.cc-bubble') ?? el.querySelector('span'))?.textContent ?? '';
      return {
        seq: el.dataset.seq === undefined ? null : Number(el.dataset.seq),
        id: el.dataset.id ?? null,
        sender,
        text,
        pending: el.dataset.pending ?? null,
      };
    });
  });
}

/** Waits (bounded) until the transcript satisfies the predicate, and returns it. */
export async function waitForTranscript(
  page: Page,
  predicate: (messages: DisplayedMessage[]) => boolean,
  timeoutMs = 10_000,
): Promise<DisplayedMessage[]> {
  const deadline = Date.now() + timeoutMs;
  let last: DisplayedMessage[] = [];
  while (Date.now() < deadline) {
    last = await transcript(page);
    if (predicate(last)) return last;
    // Polls the page rather than sleeping on a guess: each round trip is a few milliseconds.
    await page.waitForTimeout(50);
  }
  throw new Error(`transcript never matched; last seen:\n${JSON.stringify(last, null, 2)}`);
}

/** Waits for a message from `sender` whose text contains `text`. */
export function waitForMessage(page: Page, sender: string, text: string): Promise<DisplayedMessage[]> {
  return waitForTranscript(page, (messages) =>
    messages.some((m) => m.sender === sender && m.pending === null && m.text.includes(text)),
  );
}
