import { expect } from 'chai';
import request from 'supertest';
import type { Application } from '../../../server/app.ts';
import { createIntentStore, type IntentStore } from '../../../server/admin/intent-store.ts';
import {
  createMisunderstoodMessages,
  MISUNDERSTOOD_COLLECTION,
} from '../../../server/admin/data/misunderstood-messages.ts';
import {
  createMisunderstoodInbox,
  feedMisunderstoodInbox,
  type MisunderstoodInbox,
} from '../../../server/admin/misunderstood/inbox.ts';
import type { UserRecord } from '../../../server/data/records.ts';
import { adminMisunderstoodRoutes } from '../../../server/http/routes/admin-misunderstood.ts';
import { silentLogger } from '../../../server/shared/logger.ts';
import { loadIntentData } from '../../../intents/loader.ts';
import { ask, send, startChatHarness, type ChatHarness } from '../../chat/support/chat-harness.ts';
import { bearer, buildTestApp, createUser } from '../../support/app.ts';

describe('the misunderstood inbox (/api/admin/misunderstood, /api/misunderstood)', function () {
  this.timeout(60_000);
  let chat: ChatHarness;
  let application: Application;
  let store: IntentStore;
  let inbox: MisunderstoodInbox;
  let admin: UserRecord;
  let agent: UserRecord;
  let stopFeeding: () => void;

  before(async () => {
    chat = await startChatHarness();
    const { db } = chat;
    admin = await createUser(db.repositories, 'admin');
    agent = await createUser(db.repositories, 'agent');
    const data = await loadIntentData();
    store = createIntentStore({
      repository: db.repositories.intents,
      settings: data.settings,
      minExamples: 10,
    });
    await store.seed();
    const entries = createMisunderstoodMessages(db.database.connection);
    await entries.ensureIndexes();
    inbox = createMisunderstoodInbox({
      entries,
      messages: db.repositories.messages,
      intents: store,
      knowledge: db.repositories.knowledge,
      threshold: 0.5,
    });
    stopFeeding = feedMisunderstoodInbox(inbox, chat.events, 0.5, silentLogger());
    application = buildTestApp(
      { repositories: db.repositories },
      { http: [adminMisunderstoodRoutes(inbox, store)] },
    );
  });

  after(async () => {
    stopFeeding?.();
    await application?.close();
    await chat?.stop();
  });

  const as = (user: { id: string; role: string }) => ({
    get: (url: string) => request(application.app).get(url).set('Authorization', bearer(user)),
    post: (url: string, body?: object) =>
      request(application.app)
        .post(url)
        .set('Authorization', bearer(user))
        .send(body ?? {}),
  });

  const rawEntries = () =>
    chat.db.database.connection.collection(MISUNDERSTOOD_COLLECTION).find({}).toArray();

  /** A visitor's message through the real chat (scripted NLP), its reply, and every listener finished. */
  async function visitorSays(text: string, script?: { intent: string; confidence: number }) {
    if (script) chat.analyser.when(text, script);
    const { socket } = await chat.visitor();
    const { ack } = await ask(socket, `c-${Math.random()}`, text);
    await chat.events.drain();
    return ack.id;
  }

  const entryOf = async (messageId: string) => {
    const all = await rawEntries();
    return all.find((doc) => doc['messageId'].toHexString() === messageId);
  };

  it('takes a message understood below the confidence threshold, after the reply, without a fallback', async () => {
    const id = await visitorSays('hmm is my parcel coming or not', {
      intent: 'order_status',
      confidence: 0.42,
    });
    const entry = await entryOf(id);
    expect(entry, 'inbox entry').to.exist;
    expect(entry!['sources']).to.deep.equal(['low_confidence']);
    expect(entry!['predicted']).to.deep.equal({ intent: 'order_status', confidence: 0.42 });
    expect(entry!['state']).to.equal('open');
  });

  it('takes a message judged out of scope, and leaves a confidently understood one alone', async () => {
    const outOfScope = await visitorSays('what is the weather like in lisbon today', {
      intent: 'out_of_scope',
      confidence: 0.93,
    });
    expect((await entryOf(outOfScope))!['sources']).to.deep.equal(['out_of_scope']);
    const understood = await visitorSays('where is my order please', {
      intent: 'order_status',
      confidence: 0.9,
    });
    expect(await entryOf(understood)).to.equal(undefined);
  });

  it('takes a fallback (the bot said it did not understand) as well as its low confidence', async () => {
    const id = await visitorSays('blorp the thing with the stuff', {
      intent: 'shipping_info',
      confidence: 0.21,
    });
    const bot = await chat.db.repositories.messages.listLatest(
      (await chat.db.repositories.messages.findById(id))!.conversationId,
      5,
    );
    expect(bot.some((m) => m.sender === 'bot' && /didn't get that/.test(m.text))).to.equal(true);
    expect((await entryOf(id))!['sources']).to.have.members(['low_confidence', 'fallback']);
  });

  it('masks emails, phone numbers, order and ticket numbers before anything is stored', async () => {
    const text = 'jane.doe@example.com here, order ORD-10023 and ticket T-1042, call +1 555 010 2233';
    const id = await visitorSays(text);
    const entry = await entryOf(id);
    expect(entry!['text']).to.equal(
      '{email} here, order {orderNumber} and ticket {ticketNumber}, call {phone}',
    );
    const stored = JSON.stringify(await rawEntries());
    for (const secret of ['jane.doe', 'example.com', '10023', '1042', '555 010']) {
      expect(stored).not.to.include(secret);
    }
  });

  it('takes an agent correction ("intent should be X") of a message the bot was sure of, and checks the intent', async () => {
    const id = await visitorSays('I never got my money back', { intent: 'order_status', confidence: 0.88 });
    expect(await entryOf(id)).to.equal(undefined);
    await as(agent)
      .post('/api/misunderstood/corrections', { messageId: id, intent: 'no_such_intent' })
      .expect(404);
    const res = await as(agent)
      .post('/api/misunderstood/corrections', { messageId: id, intent: 'return_refund' })
      .expect(201);
    expect(res.body).to.include({ suggestedIntent: 'return_refund', state: 'open' });
    const entry = await entryOf(id);
    expect(entry!['sources']).to.deep.equal(['correction']);
    expect(entry!['correctedBy']).to.equal(agent.id);
    const names = await as(agent).get('/api/misunderstood/intents').expect(200);
    expect(names.body.items).to.include('return_refund');
    const audit = await chat.db.repositories.audit.list({ target: { type: 'message', id } });
    expect(audit.items[0]).to.include({ action: 'misunderstood.correct' });
  });

  it('a failing inbox write never fails or slows the reply', async () => {
    const failing = feedMisunderstoodInbox(
      { report: () => Promise.reject(new Error('database down')) },
      chat.events,
      0.5,
      silentLogger(),
    );
    try {
      chat.analyser.when('something odd', { intent: 'out_of_scope', confidence: 0.1 });
      const { socket } = await chat.visitor();
      const ack = await send(socket, 'c-fail', 'something odd');
      expect(ack.ok).to.equal(true);
      await chat.events.drain();
    } finally {
      failing();
    }
  });

  it('groups similar messages with counts and examples', async () => {
    for (const text of [
      'do you do gift wrapping',
      'is gift wrapping available?',
      'can you gift wrap it',
      'gift wrapping for my order?',
      'Do you do gift wrapping',
    ]) {
      await visitorSays(text, { intent: 'out_of_scope', confidence: 0.3 });
    }
    const res = await as(admin).get('/api/admin/misunderstood').expect(200);
    const gift = res.body.groups.find((g: { text: string }) => /gift/.test(g.text));
    expect(gift.count).to.equal(5);
    expect(gift.entryIds).to.have.length(5);
    expect(gift.sources.out_of_scope).to.equal(5);
    // Distinct texts, the repeated one first with both of its entries.
    expect(gift.examples).to.have.length(4);
    expect(gift.examples[0].text.toLowerCase()).to.equal('do you do gift wrapping');
    expect(gift.examples[0].entryIds).to.have.length(2);
    const weather = res.body.groups.find((g: { text: string }) => /weather/.test(g.text));
    expect(weather.count).to.equal(1);
    expect(res.body.groups[0]).to.equal(gift);
    expect(res.body.total).to.equal(
      res.body.groups.reduce((n: number, g: { count: number }) => n + g.count, 0),
    );
  });

  it('adds a whole group to an intent through the store (new version; a stale version is a 409) and closes it', async () => {
    const groups = (await as(admin).get('/api/admin/misunderstood').expect(200)).body.groups;
    const gift = groups.find((g: { text: string }) => /gift/.test(g.text));
    const before = await store.get('store_info');
    const stale = await as(admin)
      .post('/api/admin/misunderstood/add-to-intent', {
        ids: gift.entryIds,
        intent: 'store_info',
        version: before.version + 5,
      })
      .expect(409);
    expect(stale.body.error.code).to.equal('VERSION_CONFLICT');
    const res = await as(admin)
      .post('/api/admin/misunderstood/add-to-intent', {
        ids: gift.entryIds,
        intent: 'store_info',
        version: before.version,
      })
      .expect(200);
    expect(res.body).to.include({ intent: 'store_info', version: before.version + 1, closed: 5 });
    expect(res.body.added).to.have.length(4);
    const after = await store.get('store_info');
    expect(after.examples).to.include.members(gift.examples.map((e: { text: string }) => e.text));
    const again = await as(admin)
      .post('/api/admin/misunderstood/add-to-intent', {
        ids: gift.entryIds,
        intent: 'store_info',
        version: after.version,
      })
      .expect(409);
    expect(again.body.error.code).to.equal('CONFLICT');
    const left = (await as(admin).get('/api/admin/misunderstood').expect(200)).body.groups;
    expect(left.some((g: { text: string }) => /gift/.test(g.text))).to.equal(false);
  });

  it('refuses an example that is already another intent’s, naming that intent', async () => {
    const intent = await store.get('order_status');
    const id = await visitorSays(intent.examples[0]!, { intent: 'out_of_scope', confidence: 0.2 });
    const entry = await entryOf(id);
    const shipping = await store.get('shipping_info');
    const res = await as(admin)
      .post('/api/admin/misunderstood/add-to-intent', {
        ids: [entry!['_id'].toHexString()],
        intent: 'shipping_info',
        version: shipping.version,
      })
      .expect(400);
    expect(JSON.stringify(res.body.error.details)).to.include('order_status');
    await as(admin)
      .post('/api/admin/misunderstood/dismiss', { ids: [entry!['_id'].toHexString()] })
      .expect(200);
  });

  it('adds a message to a knowledge article’s question variants, and dismisses another', async () => {
    const article = await chat.db.repositories.knowledge.create(
      {
        slug: 'gift-cards',
        title: 'Gift cards',
        questions: ['do you sell gift cards'],
        answer: 'Yes, from $10.',
      },
      admin.id,
    );
    const cards = await visitorSays('can i buy a voucher for a friend', {
      intent: 'out_of_scope',
      confidence: 0.2,
    });
    const cardsEntry = (await entryOf(cards))!['_id'].toHexString();
    await as(admin)
      .post('/api/admin/misunderstood/add-to-knowledge', {
        ids: [cardsEntry],
        articleId: article.id,
        version: 9,
      })
      .expect(409);
    const res = await as(admin)
      .post('/api/admin/misunderstood/add-to-knowledge', {
        ids: [cardsEntry],
        articleId: article.id,
        version: 1,
      })
      .expect(200);
    expect(res.body).to.include({ version: 2, closed: 1 });
    expect((await chat.db.repositories.knowledge.findById(article.id))!.questions).to.include(
      'can i buy a voucher for a friend',
    );

    const weather = (await as(admin).get('/api/admin/misunderstood').expect(200)).body.groups.find(
      (g: { text: string }) => /weather/.test(g.text),
    );
    await as(admin).post('/api/admin/misunderstood/dismiss', { ids: weather.entryIds }).expect(200);
    const entry = (await rawEntries()).find((doc) => doc['_id'].toHexString() === weather.entryIds[0]);
    expect(entry!['state']).to.equal('dismissed');
    expect(entry!['resolution']).to.include({ kind: 'dismissed', by: admin.id });
  });

  it('validates its input', async () => {
    const res = await as(admin)
      .post('/api/admin/misunderstood/dismiss', { ids: ['nope'] })
      .expect(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    await as(admin)
      .post('/api/admin/misunderstood/add-to-intent', { ids: [], intent: 'x', version: 1 })
      .expect(400);
  });

  describe('who may call it', () => {
    const call = (method: string, url: string) =>
      method === 'get' ? request(application.app).get(url) : request(application.app).post(url).send({});
    const adminRoutes: [string, string][] = [
      ['get', '/api/admin/misunderstood'],
      ['post', '/api/admin/misunderstood/add-to-intent'],
      ['post', '/api/admin/misunderstood/add-to-knowledge'],
      ['post', '/api/admin/misunderstood/dismiss'],
    ];
    const staffRoutes: [string, string][] = [
      ['get', '/api/misunderstood/intents'],
      ['post', '/api/misunderstood/corrections'],
    ];
    for (const [method, url] of [...adminRoutes, ...staffRoutes]) {
      it(`${method.toUpperCase()} ${url}: 401 without a token, 403 for a visitor token`, async () => {
        await call(method, url).expect(401);
        await call(method, url)
          .set('Authorization', bearer({ id: agent.id, role: 'visitor' }))
          .expect(403);
      });
    }
    for (const [method, url] of adminRoutes) {
      it(`${method.toUpperCase()} ${url}: 403 for an agent`, async () => {
        await call(method, url).set('Authorization', bearer(agent)).expect(403);
      });
    }
  });
});
