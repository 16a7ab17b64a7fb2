// tsx scripts/widget-screenshots.ts [--out docs/images]
//
// The screenshots in docs/widget.md, taken in Debian's headless Chromium from the real application (trained
// NLP, demo data) on the demo shop: the launcher, a conversation, product cards, the queue, an agent and
// the rating, and a phone. The agent's side is driven through the hand-off domain functions (the agent
// console does not exist yet).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { hashPassword } from '../server/auth/password.ts';
import { REPO_ROOT } from '../server/config.ts';
import { agentReply, assignAgent, resolveConversation } from '../server/conversation/handoff.ts';
import { launchChromium } from './frontend/chromium.ts';
import { startDemoServer } from './frontend/demo-server.ts';
import { ensureBuilt } from './frontend/frontend-app.ts';
import { widgetApp } from './frontend/widget.ts';

/** Sends a message and waits until the widget shows `count` bot replies. */
async function say(page: Page, text: string, botReplies: number): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill(text);
  await box.press('Enter');
  await page.waitForFunction(
    (count) =>
      (document.querySelector('[data-concierge-widget]')?.shadowRoot?.querySelectorAll('.cc-from-bot')
        .length ?? 0) >= count,
    botReplies,
  );
  // Let the list scroll and the pictures decode before the shot.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

async function conversationIdOf(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        (
          window as unknown as {
            Concierge: { on(e: string, f: (u: { conversationId: string }) => void): void };
          }
        ).Concierge.on('status', (update) => resolve(update.conversationId)),
      ),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/images' } } });
  const out = path.resolve(REPO_ROOT, values.out);
  await mkdir(out, { recursive: true });
  await ensureBuilt(REPO_ROOT, widgetApp);
  process.stdout.write('starting the demo server (trains the intent model)…\n');
  const server = await startDemoServer();
  const browser = await launchChromium();
  const shot = (page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }) =>
    page.screenshot({ path: path.join(out, name), ...(clip ? { clip } : {}) });
  // The panel's corner of a 1280 × 800 page.
  const panelArea = { x: 840, y: 100, width: 440, height: 700 };
  try {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await desktop.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Open chat', exact: true }).waitFor();
    await shot(page, 'widget-closed.png');

    const conversation = conversationIdOf(page);
    await page.getByRole('button', { name: 'Open chat', exact: true }).click();
    await say(page, 'Hi!', 1);
    await say(page, 'How long does delivery take?', 2);
    await say(page, 'Where is my order ORD-10042?', 3);
    await shot(page, 'widget-conversation.png', panelArea);

    await say(page, 'Show me audio products', 4);
    await shot(page, 'widget-products.png', panelArea);

    const agent = await server.repositories.users.create({
      email: 'sam@northwind.example',
      name: 'Sam',
      passwordHash: await hashPassword('a long demo passphrase'),
      role: 'agent',
    });
    await server.repositories.users.setPresence(agent.id, 'online');
    await say(page, 'I would like to talk to a person', 5);
    await page.getByText(/Waiting for a person/).waitFor();
    await shot(page, 'widget-queue.png', panelArea);

    const conversationId = await conversation;
    await assignAgent(server.handoff, conversationId, agent.id);
    await agentReply(
      server.handoff,
      conversationId,
      agent.id,
      "Hi, I'm Sam. I can see your order ORD-10042 here: what would you like to change?",
    );
    await page.getByText('Sam joined the chat').waitFor();
    await shot(page, 'widget-agent.png', panelArea);

    await resolveConversation(server.handoff, conversationId, agent.id);
    await page.getByRole('button', { name: '5 stars', exact: true }).click();
    await page.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick and friendly, thank you!');
    await shot(page, 'widget-rating.png', panelArea);
    await desktop.close();

    const phone = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const mobile = await phone.newPage();
    await mobile.goto(`${server.url}/products/AUD-100`);
    await mobile.getByRole('button', { name: 'Open chat', exact: true }).waitFor();
    await shot(mobile, 'widget-phone-closed.png');
    await mobile.getByRole('button', { name: 'Open chat', exact: true }).tap();
    await say(mobile, 'Tell me about the Aria headphones', 1);
    await say(mobile, 'Do you ship to Canada?', 2);
    await shot(mobile, 'widget-phone.png');
    await phone.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  process.stdout.write(`screenshots written to ${out}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
