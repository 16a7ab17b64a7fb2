import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { ChatMessage } from '../../server/contracts/visitor-events.ts';
import { agentReply, assignAgent, resolveConversation } from '../../server/conversation/handoff.ts';
import { postMessage } from '../../server/conversation/post-message.ts';
import type { UserRecord } from '../../server/data/records.ts';
import { axeViolations, launchChromium, openPage, type WatchedPage } from '../support/browser.ts';
import { TEST_PASSWORD } from '../support/app.ts';
import { hashPassword } from '../../server/auth/password.ts';
import {
  chatPanel,
  launcher,
  messageBox,
  messageLog,
  openChat,
  sendMessage,
  transcript,
  waitForMessage,
  waitForTranscript,
} from '../support/widget-page.ts';
import { startWidgetServer, type WidgetServer } from '../support/widget-server.ts';

// The widget in Debian's Chromium against the real server (scripted NLP), on the demo shop and on a shop page
// of another origin. One browser for the file; a fresh context (storage, cookies) per test.
describe('the chat widget in a real browser', function () {
  this.timeout(60_000);
  let server: WidgetServer;
  let browser: Browser;
  let shop: Server;
  let shopUrl: string;
  const opened: WatchedPage[] = [];

  before(async () => {
    // A shop on another origin (another port) that embeds the widget with its one tag.
    shop = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Other shop</title></head><body>
        <h1>Another shop</h1><p>Embeds Concierge from another origin.</p>
        <script src="${server.url}/widget.js" async data-color="#0f766e" data-title="Help"></script>
      </body></html>`);
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    [server, browser] = await Promise.all([
      startWidgetServer({ env: { WIDGET_ORIGINS: shopUrl } }),
      launchChromium(),
    ]);
    server.analyser.when('thanks', { intent: 'thanks' });
    server.analyser.when('how long is delivery?', { intent: 'shipping_info' });
    server.analyser.when('Where is my order?', { intent: 'order_status' });
    server.analyser.when('show me audio', {
      intent: 'product_recommendation',
      entities: [['category', 'audio']],
    });
    server.analyser.when('I want a person', { intent: 'human_agent' });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => shop?.close(resolve));
  });

  afterEach(async function () {
    for (const watched of opened.splice(0)) {
      // A failing test shows what the page said.
      if (this.currentTest?.state === 'failed') console.log(watched.errors);
      await watched.context.close();
    }
  });

  async function visit(path = '/', options: Parameters<typeof openPage>[1] = {}): Promise<WatchedPage> {
    const watched = await openPage(browser, options);
    watched.page.setDefaultTimeout(10_000);
    opened.push(watched);
    await watched.page.goto(path.startsWith('http') ? path : `${server.url}${path}`);
    await launcher(watched.page).waitFor();
    return watched;
  }

  /** The conversation the page chats in, through the widget's public API. */
  async function conversationOf(page: Page): Promise<string> {
    return page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const api = (
            window as unknown as { Concierge: { on(e: string, f: (p: ChatMessage) => void): void } }
          ).Concierge;
          api.on('status', (update) => resolve(update.conversationId));
        }),
    );
  }

  async function onlineAgent(name: string): Promise<UserRecord> {
    const user = await server.db.repositories.users.create({
      email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@shop.test`,
      name,
      passwordHash: await hashPassword(TEST_PASSWORD),
      role: 'agent',
    });
    return (await server.db.repositories.users.setPresence(user.id, 'online'))!;
  }

  async function offlineAgents(): Promise<void> {
    for (const agent of await server.db.repositories.users.listOnlineAgents()) {
      await server.db.repositories.users.setPresence(agent.id, 'offline');
    }
  }

  it('opens from the demo shop, sends a message and shows the bot reply', async () => {
    const { page, errors, dialogs } = await visit('/');
    expect(await page.getByText('synthetic data', { exact: false }).first().isVisible()).to.equal(true);
    await openChat(page);
    await sendMessage(page, 'thanks');
    const messages = await waitForMessage(page, 'bot', "You're welcome!");
    expect(messages.map((m) => [m.sender, m.text])).to.deep.equal([
      ['visitor', 'thanks'],
      ['bot', "You're welcome!"],
    ]);
    expect(await messageBox(page).inputValue()).to.equal('');
    expect(errors).to.deep.equal([]);
    expect(dialogs).to.deep.equal([]);
  });

  it('sends a quick reply by its button, named by its text', async () => {
    const { page } = await visit('/');
    await openChat(page);
    await sendMessage(page, 'blah blah unknown');
    await page.getByRole('button', { name: 'Where is my order?', exact: true }).click();
    const messages = await waitForTranscript(page, (m) => m.filter((x) => x.sender === 'bot').length === 2);
    expect(messages.map((m) => m.sender)).to.deep.equal(['visitor', 'bot', 'visitor', 'bot']);
    expect(messages[2]!.text).to.equal('Where is my order?');
    // Quick replies are offered only under the bot's latest question.
    expect(await page.getByRole('button', { name: 'Talk to a person', exact: true }).count()).to.equal(0);
  });

  it('shows product cards and follows one to its product page, the chat still open there', async () => {
    const { page } = await visit('/');
    await openChat(page);
    await sendMessage(page, 'show me audio');
    const audio = server.catalogue.filter((p) => p.category === 'audio');
    await page.locator('[data-concierge-widget] .cc-product').first().waitFor();
    const titles = await page.locator('[data-concierge-widget] .cc-product-title').allTextContents();
    expect(titles).to.have.length(3);
    for (const title of titles) expect(audio.map((p) => p.name)).to.include(title);
    // Each card's image comes from the Concierge server and has loaded.
    const images = await page
      .locator('[data-concierge-widget] .cc-product-image')
      .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
    expect(images.every((width) => width > 0)).to.equal(true);

    const target = messageLog(page).getByRole('link', { name: titles[0]!, exact: true });
    await Promise.all([page.waitForURL(/\/products\//), target.click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal(titles[0]);
    // The panel stays open across the navigation and shows the same conversation.
    await chatPanel(page).waitFor();
    await waitForMessage(page, 'visitor', 'show me audio');
  });

  it('shows the same history after a reload', async () => {
    const { page } = await visit('/');
    await openChat(page);
    await sendMessage(page, 'thanks');
    await waitForMessage(page, 'bot', "You're welcome!");
    await sendMessage(page, 'how long is delivery?');
    const before = await waitForMessage(page, 'bot', 'Standard delivery');
    await page.reload();
    await chatPanel(page).waitFor();
    const after = await waitForTranscript(page, (m) => m.length === before.length);
    expect(after).to.deep.equal(before);
  });

  it('catches up after the server restarts: the message typed meanwhile is sent once, nothing is missing', async () => {
    const { page } = await visit('/');
    const conversation = conversationOf(page);
    await openChat(page);
    await sendMessage(page, 'thanks');
    await waitForMessage(page, 'bot', "You're welcome!");
    const conversationId = await conversation;

    await server.pause();
    await page.getByText('Reconnecting…').waitFor();
    await sendMessage(page, 'how long is delivery?');
    await waitForTranscript(page, (m) => m.some((x) => x.pending === 'queued'));
    // Written while the page could not hear it: it must come with the catch-up.
    await postMessage(
      { chatData: server.deps().chatData, events: server.events, notifier: server.deps().notifier },
      { conversationId, sender: 'system', text: 'Our shop will close early today.' },
    );
    await server.resume();

    const shown = await waitForTranscript(
      page,
      (m) =>
        m.some((x) => x.text.startsWith('Standard delivery')) &&
        m.some((x) => x.text.includes('close early')),
      20_000,
    );
    const stored = (await server.db.repositories.messages.listAfterSeq(conversationId, 0, 100)).items;
    expect(shown.map((m) => m.seq)).to.deep.equal(stored.map((m) => m.seq));
    expect(shown.map((m) => m.id)).to.deep.equal(stored.map((m) => m.id));
    expect(stored.filter((m) => m.text === 'how long is delivery?')).to.have.length(1);
    expect(await page.getByText('Reconnecting…').count()).to.equal(0);
  });

  it('renders hostile text as text: no script runs, no element is created, javascript: is no link', async () => {
    const { page, dialogs, errors } = await visit('/');
    const conversation = conversationOf(page);
    await openChat(page);
    const payloads = [
      '<img src=x onerror="alert(1)">',
      '<script>alert(2)</script>',
      '[click](javascript:alert(3)) javascript:alert(3)',
    ];
    for (const text of payloads) {
      await sendMessage(page, text);
      await waitForMessage(page, 'visitor', text);
    }
    const conversationId = await conversation;
    await offlineAgents();
    const agent = await onlineAgent('Robin');
    await assignAgent(server.deps(), conversationId, agent.id);
    await agentReply(
      server.deps(),
      conversationId,
      agent.id,
      'See <img src=x onerror="alert(4)"> javascript:alert(5) or https://shop.example/help.',
    );
    await waitForMessage(page, 'agent', 'https://shop.example/help');

    const inside = await page.evaluate(() => {
      const root = document.querySelector('[data-concierge-widget]')!.shadowRoot!;
      return {
        images: root.querySelectorAll('.cc-bubble img').length,
        scripts: root.querySelectorAll('script').length,
        links: [...root.querySelectorAll<HTMLAnchorElement>('.cc-bubble a')].map((a) => ({
          href: a.getAttribute('href'),
          rel: a.rel,
          target: a.target,
        })),
      };
    });
    expect(inside.images).to.equal(0);
    expect(inside.scripts).to.equal(0);
    expect(inside.links).to.deep.equal([
      { href: 'https://shop.example/help', rel: 'noopener noreferrer', target: '_blank' },
    ]);
    const shown = await transcript(page);
    for (const text of payloads) expect(shown.map((m) => m.text)).to.include(text);
    expect(dialogs).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    await offlineAgents();
  });

  it('is untouched by hostile host CSS and adds nothing to the page but its host element', async () => {
    // The hostile stylesheet is inline: this context lets it past the demo page's Content-Security-Policy.
    const watched = await openPage(browser, { bypassCSP: true });
    opened.push(watched);
    const { page } = watched;
    // The page's own globals, before any script of the page runs.
    await page.addInitScript(() => {
      (window as unknown as { pageKeys: string[] }).pageKeys = Object.keys(window);
    });
    await page.goto(`${server.url}/`);
    await launcher(page).waitFor();
    await openChat(page);
    await sendMessage(page, 'thanks');
    await waitForMessage(page, 'bot', "You're welcome!");
    // (No named functions inside page.evaluate: the test runner's transform would reference its helpers.)
    const look = () =>
      page.evaluate(() =>
        ['.cc-panel', '.cc-from-bot .cc-bubble', '.cc-send', '.cc-close'].map((selector) => {
          const root = document.querySelector('[data-concierge-widget]')!.shadowRoot!;
          const el = root.querySelector<HTMLElement>(selector)!;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return [
            selector,
            style.color,
            style.display,
            style.fontSize,
            style.visibility,
            box.width,
            box.height,
            box.x,
          ];
        }),
      );
    const before = await look();
    await page.addStyleTag({
      content:
        '* { color: red !important; font-size: 40px !important; visibility: hidden !important }' +
        ' button { display: none !important } div { display: none !important; position: static !important }',
    });
    expect(await look()).to.deep.equal(before);

    const lightDom = await page.evaluate(() => ({
      hosts: document.querySelectorAll('[data-concierge-widget]').length,
      headStyles: [...document.head.querySelectorAll('style, link[rel=stylesheet]')].map(
        (el) => el.getAttribute('href') ?? 'inline',
      ),
      adopted: document.adoptedStyleSheets.length,
      globals: Object.keys(window).filter(
        (key) => key !== 'pageKeys' && !(window as unknown as { pageKeys: string[] }).pageKeys.includes(key),
      ),
    }));
    // The page's own stylesheet, the test's hostile <style>, and nothing from the widget.
    expect(lightDom).to.deep.equal({
      hosts: 1,
      headStyles: ['/demo-shop/shop.css', 'inline'],
      adopted: 0,
      globals: ['Concierge'],
    });
  });

  it('works by keyboard alone: open, send, quick reply, new line, Escape back to the launcher', async () => {
    const { page } = await visit('/');
    const activeIn = () =>
      page.evaluate(() => {
        const host = document.querySelector('[data-concierge-widget]');
        const active = document.activeElement === host ? host!.shadowRoot!.activeElement : null;
        return active ? (active.getAttribute('aria-label') ?? active.textContent ?? active.tagName) : null;
      });
    let reached = false;
    for (let presses = 0; presses < 80 && !reached; presses += 1) {
      await page.keyboard.press('Tab');
      reached = (await activeIn()) === 'Open chat';
    }
    expect(reached, 'Tab reaches the launcher').to.equal(true);
    await page.keyboard.press('Enter');
    await chatPanel(page).waitFor();
    expect(await activeIn()).to.equal('Message');

    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    expect(await messageBox(page).inputValue()).to.equal('first line\nsecond line');
    await page.keyboard.press('Enter');
    await waitForMessage(page, 'visitor', 'first line\nsecond line');
    await waitForTranscript(page, (m) => m.some((x) => x.sender === 'bot'));

    // Shift+Tab from the message box reaches the quick replies above it.
    let onChip = false;
    for (let presses = 0; presses < 10 && !onChip; presses += 1) {
      await page.keyboard.press('Shift+Tab');
      onChip = (await activeIn()) === 'Where is my order?';
    }
    expect(onChip, 'Shift+Tab reaches a quick reply').to.equal(true);
    await page.keyboard.press('Enter');
    await waitForMessage(page, 'visitor', 'Where is my order?');

    await page.keyboard.press('Escape');
    await launcher(page).waitFor();
    expect(await chatPanel(page).count()).to.equal(0);
    expect(await activeIn()).to.equal('Open chat');
  });

  it('has no serious or critical axe-core violation: closed, open with a conversation, and rating', async () => {
    // axe is injected as a script: this context lets it past the demo page's Content-Security-Policy.
    const { page } = await visit('/', { bypassCSP: true });
    const conversation = conversationOf(page);
    expect(await axeViolations(page), 'closed').to.deep.equal([]);
    await openChat(page);
    await sendMessage(page, 'show me audio');
    await page.locator('[data-concierge-widget] .cc-product').first().waitFor();
    await sendMessage(page, 'blah blah unknown');
    await page.getByRole('button', { name: 'Talk to a person', exact: true }).waitFor();
    expect(await axeViolations(page), 'open with a conversation').to.deep.equal([]);

    const conversationId = await conversation;
    await offlineAgents();
    const agent = await onlineAgent('Kim');
    await assignAgent(server.deps(), conversationId, agent.id);
    await resolveConversation(server.deps(), conversationId, agent.id);
    await page.getByRole('group', { name: 'Rate this conversation' }).waitFor();
    // A star chosen: the "Send rating" button is enabled, so its colours are checked too.
    await page.getByRole('button', { name: '4 stars', exact: true }).click();
    expect(await axeViolations(page), 'rating').to.deep.equal([]);
    await offlineAgents();
  });

  it('shows the queue, the agent by name, and stores the rating given after the agent resolves', async () => {
    const { page } = await visit('/');
    const conversation = conversationOf(page);
    await offlineAgents();
    const sam = await onlineAgent('Sam');
    await openChat(page);
    await sendMessage(page, 'I want a person');
    const conversationId = await conversation;
    await page.getByText(/Waiting for a person — you are number \d+ in the queue/).waitFor();

    await assignAgent(server.deps(), conversationId, sam.id);
    await page.getByText('Sam joined the chat').waitFor();
    await agentReply(server.deps(), conversationId, sam.id, 'Hello, Sam here. How can I help?');
    await waitForMessage(page, 'agent', 'Sam here');
    const agentMessage = page.locator('[data-concierge-widget] .cc-from-agent .cc-sender');
    expect(await agentMessage.first().textContent()).to.equal('Sam');

    await resolveConversation(server.deps(), conversationId, sam.id);
    const rating = page.getByRole('group', { name: 'Rate this conversation' });
    await rating.waitFor();
    expect(await rating.getByRole('button').allTextContents()).to.have.length(5);
    await page.getByRole('button', { name: '4 stars', exact: true }).click();
    expect(await page.getByRole('button', { name: '4 stars' }).getAttribute('aria-pressed')).to.equal('true');
    await page.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick and kind.');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByText('Thanks for your rating!').waitFor();
    const stored = await server.db.repositories.conversations.findById(conversationId);
    expect(stored?.csat).to.include({ score: 4, comment: 'Quick and kind.' });

    // After a reload the conversation is still rated: no second prompt.
    await page.reload();
    await page.getByText('Thanks for your rating!').waitFor();
    expect(await page.getByRole('group', { name: 'Rate this conversation' }).count()).to.equal(0);
    await offlineAgents();
  });

  it('offers an email field when the bot asks for an email, and sends what is typed there', async () => {
    const { page } = await visit('/');
    await offlineAgents();
    await openChat(page);
    await sendMessage(page, 'I want a person');
    const email = page.getByRole('textbox', { name: 'Your email address' });
    await email.waitFor();
    await email.fill('not an email');
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByText('Enter an email address such as name@example.com.').waitFor();
    await email.fill('visitor@example.com');
    await page.getByRole('button', { name: 'Send email' }).click();
    await waitForMessage(page, 'visitor', 'visitor@example.com');
    await email.waitFor({ state: 'detached' });
  });

  it('counts the characters near the limit and refuses to send over it', async () => {
    const { page } = await visit('/');
    await openChat(page);
    await messageBox(page).fill('x'.repeat(1700));
    await page.getByText('1,700 of 2,000 characters').waitFor();
    await messageBox(page).fill('x'.repeat(2005));
    await page.getByText('5 characters over the limit').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).to.equal(true);
  });

  it('counts unread messages on the launcher while closed and tells the page through Concierge.on', async () => {
    const { page } = await visit('/');
    const conversation = conversationOf(page);
    await openChat(page);
    await sendMessage(page, 'thanks');
    await waitForMessage(page, 'bot', "You're welcome!");
    const conversationId = await conversation;
    await page.getByRole('button', { name: 'Close chat' }).click();
    // The listener is in place before the message is posted: page.evaluate only returns once it ran, so the
    // unread event cannot fire before anyone listens (it did under load, and the test waited forever).
    await page.evaluate(() => {
      const api = (
        window as unknown as { Concierge: { on(e: string, f: (p: { count: number }) => void): void } }
      ).Concierge;
      api.on('unread', ({ count }) => {
        (window as unknown as { unreadSeen?: number }).unreadSeen = count;
      });
    });
    await postMessage(
      { chatData: server.deps().chatData, events: server.events, notifier: server.deps().notifier },
      { conversationId, sender: 'system', text: 'We replied by email too.' },
    );
    const unread = await page.waitForFunction(
      () => (window as unknown as { unreadSeen?: number }).unreadSeen || false,
    );
    expect(await unread.jsonValue()).to.equal(1);
    expect(await launcher(page).getAttribute('aria-describedby')).to.be.a('string');
    expect(await page.locator('[data-concierge-widget] .cc-badge').textContent()).to.equal('1');
    await launcher(page).click();
    await waitForMessage(page, 'system', 'We replied by email too.');
    await page.getByRole('button', { name: 'Close chat' }).click();
    expect(await page.locator('[data-concierge-widget] .cc-badge').count()).to.equal(0);
  });

  it('fills a 320 px wide phone screen, is usable there, and keeps still for reduced motion', async () => {
    const { page } = await visit('/', {
      viewport: { width: 320, height: 640 },
      isMobile: true,
      hasTouch: true,
      reducedMotion: 'reduce',
    });
    await launcher(page).tap();
    await chatPanel(page).waitFor();
    // The visitor asked for reduced motion: the panel does not slide in.
    const animation = await page.evaluate(
      () =>
        getComputedStyle(
          document.querySelector('[data-concierge-widget]')!.shadowRoot!.querySelector('.cc-panel')!,
        ).animationName,
    );
    expect(animation).to.equal('none');
    const box = await chatPanel(page).boundingBox();
    expect(box).to.deep.equal({ x: 0, y: 0, width: 320, height: 640 });
    await messageBox(page).fill('thanks');
    await page.getByRole('button', { name: 'Send', exact: true }).tap();
    await waitForMessage(page, 'bot', "You're welcome!");
    const overflow = await page.evaluate(() => {
      const root = document.querySelector('[data-concierge-widget]')!.shadowRoot!;
      const panel = root.querySelector<HTMLElement>('.cc-panel')!;
      return panel.scrollWidth - panel.clientWidth;
    });
    expect(overflow).to.equal(0);
    await page.getByRole('button', { name: 'Close chat' }).tap();
    await launcher(page).waitFor();
  });

  it('works on a shop of another origin with the one tag, and refuses to start twice', async () => {
    const { page, errors } = await visit(shopUrl);
    await openChat(page);
    expect(await chatPanel(page).getAttribute('aria-label')).to.equal('Help chat');
    await sendMessage(page, 'thanks');
    await waitForMessage(page, 'bot', "You're welcome!");

    const warned = page.waitForEvent('console', { predicate: (m) => m.type() === 'warning' });
    await page.addScriptTag({ url: `${server.url}/widget.js` });
    expect((await warned).text()).to.match(/already on this page/);
    expect(await page.locator('[data-concierge-widget]').count()).to.equal(1);
    expect(errors).to.deep.equal([]);
  });

  it('opens and closes from the shop’s own code (Concierge.open/close), and tells it through Concierge.on', async () => {
    const { page } = await visit('/');
    const events = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          const api = (window as unknown as { Concierge: { on(e: string, f: () => void): void } }).Concierge;
          api.on('open', () => seen.push('open'));
          api.on('close', () => {
            seen.push('close');
            resolve(seen);
          });
        }),
    );
    // The demo page's "Ask a question" button calls Concierge.open().
    await page.getByRole('button', { name: 'Ask a question' }).click();
    await chatPanel(page).waitFor();
    await page.evaluate(() => (window as unknown as { Concierge: { close(): void } }).Concierge.close());
    await launcher(page).waitFor();
    expect(await events).to.deep.equal(['open', 'close']);
  });

  it('starts a new conversation on Concierge.reset() (a shop logout)', async () => {
    const { page } = await visit('/');
    await openChat(page);
    await sendMessage(page, 'thanks');
    await waitForMessage(page, 'bot', "You're welcome!");
    const token = () =>
      page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':token'))?.[1] ?? null);
    const first = await token();
    await page.evaluate(() => (window as unknown as { Concierge: { reset(): void } }).Concierge.reset());
    await waitForTranscript(page, (m) => m.length === 0);
    await sendMessage(page, 'how long is delivery?');
    const shown = await waitForMessage(page, 'bot', 'Standard delivery');
    expect(shown.map((m) => m.text)).to.not.include('thanks');
    const second = await token();
    expect(second).to.be.a('string').and.not.equal(first);
  });
});
