import { expect } from 'chai';
import { en } from '../../web-widget/src/i18n/en.ts';
import { format, stringsFor } from '../../web-widget/src/i18n/index.ts';
import { errorText } from '../../web-widget/src/app/errors.ts';
import { parseOptions } from '../../web-widget/src/app/options.ts';
import { linkify, safeHref } from '../../web-widget/src/app/text/links.ts';
import { productHref, productImage } from '../../web-widget/src/app/text/product-links.ts';
import { statusText } from '../../web-widget/src/app/text/status-text.ts';
import { contrast, textOn } from '../../web-widget/src/app/ui/theme.ts';
import { ERROR_CATALOGUE } from '../../server/shared/errors.ts';

const SCRIPT = 'https://chat.shop.example/widget.js';

describe('widget text: links in the shop’s messages', () => {
  it('makes http and https URLs links and leaves the rest as text', () => {
    expect(linkify('Track it at https://track.example/abc?x=1 or http://old.example.')).to.deep.equal([
      { type: 'text', text: 'Track it at ' },
      { type: 'link', text: 'https://track.example/abc?x=1', href: 'https://track.example/abc?x=1' },
      { type: 'text', text: ' or ' },
      { type: 'link', text: 'http://old.example', href: 'http://old.example/' },
      { type: 'text', text: '.' },
    ]);
  });

  it('never makes javascript:, data: or other schemes links', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      '<a href="javascript:alert(1)">x</a>',
    ]) {
      expect(
        linkify(text).every((part) => part.type === 'text'),
        text,
      ).to.equal(true);
    }
    expect(safeHref('javascript:alert(1)')).to.equal(null);
    expect(safeHref('/products/1', 'https://shop.example/a')).to.equal('https://shop.example/products/1');
  });

  it('links paths on the Concierge server (the bot’s help links) only when it knows the server', () => {
    const base = 'https://chat.shop.example/';
    expect(linkify('More details: /help/returns-policy.', base)).to.deep.equal([
      { type: 'text', text: 'More details: ' },
      { type: 'link', text: '/help/returns-policy', href: 'https://chat.shop.example/help/returns-policy' },
      { type: 'text', text: '.' },
    ]);
    expect(linkify('More details: /help/returns-policy').every((p) => p.type === 'text')).to.equal(true);
    // Not a path: a slash inside a word, a protocol-relative URL.
    expect(linkify('and/or 1/2 cup', base).every((p) => p.type === 'text')).to.equal(true);
    expect(linkify('see //evil.example/x', base).every((p) => p.type === 'text')).to.equal(true);
  });

  it('keeps a closing parenthesis that belongs to the URL, and drops sentence punctuation', () => {
    expect(linkify('(see https://en.wikipedia.org/wiki/Foo_(bar))')[1]).to.deep.equal({
      type: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
    expect(linkify('Go to https://a.example/x!')[1]).to.include({ text: 'https://a.example/x' });
  });

  it('stops a URL at quotes and angle brackets, so markup around it stays text', () => {
    const parts = linkify('<img src="https://x.example/i.png" onerror=alert(1)>');
    expect(parts.filter((p) => p.type === 'link').map((p) => p.text)).to.deep.equal([
      'https://x.example/i.png',
    ]);
    expect(parts.map((p) => p.text).join('')).to.equal(
      '<img src="https://x.example/i.png" onerror=alert(1)>',
    );
  });
});

describe('widget text: the tag’s options', () => {
  it('reads the data-* attributes of the one tag', () => {
    const options = parseOptions(
      {
        position: 'left',
        color: '#0F766E',
        title: ' Help ',
        greeting: 'Hello!',
        lang: 'en-GB',
        strings: '{"send":"Envoyer","nope":1}',
        productUrl: '/p/{id}',
        currency: 'eur',
      },
      SCRIPT,
    );
    expect(options).to.deep.equal({
      serverUrl: 'https://chat.shop.example',
      assetBase: 'https://chat.shop.example/',
      position: 'left',
      color: '#0F766E',
      title: 'Help',
      greeting: 'Hello!',
      lang: 'en-GB',
      strings: { send: 'Envoyer' },
      productUrl: '/p/{id}',
      currency: 'EUR',
    });
  });

  it('falls back to defaults on malformed values, with a warning, instead of breaking the page', () => {
    const warnings: string[] = [];
    const options = parseOptions(
      {
        color: 'red; background:url(x)',
        strings: '{not json',
        server: 'javascript:alert(1)',
        currency: 'euros',
      },
      SCRIPT,
      (message) => warnings.push(message),
    );
    expect(options).to.include({ color: '#1d4ed8', currency: 'USD', serverUrl: 'https://chat.shop.example' });
    expect(options.strings).to.deep.equal({});
    expect(warnings).to.have.length(4);
  });

  it('takes the server from data-server when the widget files are on a CDN', () => {
    expect(
      parseOptions({ server: 'https://chat.shop.example:8443/x' }, 'https://cdn.example/w/widget.js'),
    ).to.include({
      serverUrl: 'https://chat.shop.example:8443',
      assetBase: 'https://cdn.example/w/',
    });
  });
});

describe('widget text: strings and words', () => {
  it('one file per language: an unknown language is English; a shop replaces single strings', () => {
    expect(stringsFor('fr-CA').send).to.equal('Send');
    expect(stringsFor('en', { send: 'Go', unknownKey: 'x' })).to.include({
      send: 'Go',
      openChat: 'Open chat',
    });
    expect(stringsFor('en', { unknownKey: 'x' })).to.not.have.property('unknownKey');
  });

  it('keeps the accessible names the issue specifies', () => {
    expect(en).to.include({
      openChat: 'Open chat',
      closeChat: 'Close chat',
      message: 'Message',
      send: 'Send',
      rateGroup: 'Rate this conversation',
      rateStarOne: '1 star',
    });
    expect(format(en.rateStarMany, { count: 5 })).to.equal('5 stars');
  });

  it('says every catalogued error a visitor can meet in plain words', () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) {
      const text = errorText({ code, message: 'server wording' }, en, 2000);
      expect(text, code).to.be.a('string').and.not.include('server wording');
    }
    expect(errorText({ code: 'RATE_LIMITED', message: '' }, en, 2000)).to.match(/too quickly/);
    expect(errorText({ code: 'MESSAGE_TOO_LONG', message: '' }, en, 500)).to.include('500');
  });

  it('writes the status line from conversation:updated', () => {
    const base = { conversationId: 'c' };
    expect(statusText({ ...base, status: 'waiting_agent', queuePosition: 2 }, en)).to.equal(
      'Waiting for a person — you are number 2 in the queue',
    );
    expect(
      statusText({ ...base, status: 'waiting_agent', queuePosition: 1, expectedWaitSeconds: 150 }, en),
    ).to.equal('Waiting for a person — you are number 1 in the queue (about 3 min)');
    expect(statusText({ ...base, status: 'agent', agent: { name: 'Sam' } }, en)).to.equal(
      'Sam joined the chat',
    );
    expect(statusText({ ...base, status: 'bot' }, en)).to.equal(null);
  });
});

describe('widget text: product cards and colours', () => {
  const plain = parseOptions({}, SCRIPT);
  const product = {
    type: 'product' as const,
    productId: 'p 1',
    sku: 'AUD-100',
    title: 'Boots',
    price: 10,
    url: '/products/AUD-100',
  };
  const page = 'https://shop.example/cart';

  it('links a card to the page the server gave, on the Concierge server, and its picture there too', () => {
    expect(productHref(product, plain, page)).to.equal('https://chat.shop.example/products/AUD-100');
    expect(productHref({ ...product, url: 'https://shop.example/p/1' }, plain, page)).to.equal(
      'https://shop.example/p/1',
    );
    expect(productHref({ ...product, url: 'javascript:alert(1)' }, plain, page)).to.equal(null);
    expect(productHref({ ...product, url: undefined }, plain, page)).to.equal(null);
    expect(productImage({ ...product, imageUrl: '/demo-shop/images/A.svg' }, plain)).to.equal(
      'https://chat.shop.example/demo-shop/images/A.svg',
    );
  });

  it('links a card to the shop’s own product page when the tag gives its pattern ({sku} or {id})', () => {
    const bySku = parseOptions({ productUrl: '/shop/item/{sku}' }, SCRIPT);
    expect(productHref(product, bySku, page)).to.equal('https://shop.example/shop/item/AUD-100');
    const byId = parseOptions({ productUrl: 'https://shop.example/p?id={id}' }, SCRIPT);
    expect(productHref(product, byId, page)).to.equal('https://shop.example/p?id=p%201');
    // A {sku} pattern for a card without a sku falls back to the server's page.
    expect(productHref({ ...product, sku: undefined }, bySku, page)).to.equal(
      'https://chat.shop.example/products/AUD-100',
    );
  });

  it('puts text of at least 4.5:1 contrast on any brand colour', () => {
    for (let i = 0; i < 4096; i += 7) {
      const colour = `#${i.toString(16).padStart(3, '0')}`;
      expect(contrast(colour, textOn(colour)), colour).to.be.at.least(4.5);
    }
    expect(textOn('#1d4ed8')).to.equal('#ffffff');
    expect(textOn('#fde047')).to.equal('#000000');
  });
});
