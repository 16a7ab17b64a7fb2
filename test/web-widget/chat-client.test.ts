import { expect } from 'chai';
import type { Socket } from 'socket.io';
import { VISITOR_NAMESPACE, type IdentifyPayload } from '../../server/contracts/visitor-events.ts';
import { assignAgent, resolveConversation } from '../../server/conversation/handoff.ts';
import type { WidgetEventName, WidgetEvents } from '../../web-widget/src/shared/api.ts';
import { createChatClient, type ChatClient } from '../../web-widget/src/app/chat-client.ts';
import { createWidgetStorage, type WidgetStorage } from '../../web-widget/src/app/storage.ts';
import { initialState, type WidgetState } from '../../web-widget/src/app/store/state.ts';
import { createStore, type Store } from '../../web-widget/src/app/store/store.ts';
import { createUser } from '../support/app.ts';
import { userHashOf } from '../../server/identity/user-hash.ts';
import { startWidgetServer, type WidgetServer } from '../support/widget-server.ts';

const IDENTITY_SECRET = 'identity-secret-for-the-widget-client-tests-0123456789';

/** Resolves when the store reaches the state (checked on every change), or fails after the timeout. */
function until(
  store: Store,
  predicate: (state: WidgetState) => boolean,
  timeoutMs = 10_000,
): Promise<WidgetState> {
  if (predicate(store.get())) return Promise.resolve(store.get());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`store never matched; last state: ${JSON.stringify(store.get(), null, 2)}`));
    }, timeoutMs);
    const stop = store.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      stop();
      resolve(state);
    });
  });
}

// The widget's protocol client (web-widget/src/app/chat-client.ts) in Node against the real server: the
// browser specs show the same through the UI; here each rule is checked on the store directly.
describe('widget chat client (the /visitor protocol from the widget’s side)', function () {
  this.timeout(30_000);
  let server: WidgetServer;
  const clients: ChatClient[] = [];

  before(async () => {
    server = await startWidgetServer({ env: { IDENTITY_SECRET } });
    server.analyser.when('thanks', { intent: 'thanks' });
    server.analyser.when('how long is delivery?', { intent: 'shipping_info' });
  });
  after(async () => {
    for (const client of clients) client.stop();
    await server.stop();
  });

  function widget(storage: WidgetStorage = createWidgetStorage(server.url)) {
    const store = createStore(initialState());
    const events: { event: WidgetEventName; payload: unknown }[] = [];
    const waiters: (() => void)[] = [];
    const client = createChatClient({
      serverUrl: server.url,
      store,
      storage,
      emit: <E extends WidgetEventName>(event: E, payload: WidgetEvents[E]) => {
        events.push({ event, payload });
        for (const wake of waiters.splice(0)) wake();
      },
      ackTimeoutMs: 5_000,
      loadSocketIo: () => import('../../web-widget/src/app/socket-io.ts'),
    });
    clients.push(client);
    /** Resolves once `count` events of this name reached the page (checked on every event, bounded). */
    const heard = (event: WidgetEventName, count: number, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${JSON.stringify(events)}`)), timeoutMs);
        const check = () => {
          if (events.filter((e) => e.event === event).length >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    return { store, client, storage, events, heard };
  }

  const hasBotText = (text: string) => (state: WidgetState) =>
    state.messages.some((m) => m.sender === 'bot' && m.text.includes(text));

  async function stored(conversationId: string) {
    return (await server.db.repositories.messages.listAfterSeq(conversationId, 0, 100)).items;
  }

  it('sends, shows the ack as the stored message, and the bot’s reply, in seq order', async () => {
    const { store, client, storage } = widget();
    client.send('thanks');
    const state = await until(store, hasBotText("You're welcome!"));
    expect(state.pending).to.deep.equal([]);
    const messages = await stored(state.conversationId!);
    expect(state.messages.map((m) => [m.seq, m.id, m.sender])).to.deep.equal(
      messages.map((m) => [m.seq, m.id, m.sender]),
    );
    expect(storage.token()).to.be.a('string');
  });

  it('holds what is typed while the server is down and sends it once when it is back, missing nothing', async () => {
    const { store, client } = widget();
    client.send('thanks');
    const first = await until(store, hasBotText("You're welcome!"));
    const conversationId = first.conversationId!;

    await server.pause();
    await until(store, (s) => s.connection === 'reconnecting');
    client.send('how long is delivery?');
    expect(store.get().pending.map((p) => p.state)).to.deep.equal(['queued']);
    await server.resume();

    const caughtUp = await until(
      store,
      (s) => s.pending.length === 0 && hasBotText('Standard delivery')(s),
      20_000,
    );
    const messages = await stored(conversationId);
    expect(caughtUp.messages.map((m) => m.id)).to.deep.equal(messages.map((m) => m.id));
    expect(messages.filter((m) => m.text === 'how long is delivery?')).to.have.length(1);
  });

  it('drops a token the server refuses and starts a new session, keeping what was typed', async () => {
    const storage = createWidgetStorage(server.url);
    storage.setToken('not-a-token');
    const { store, client } = widget(storage);
    client.send('thanks');
    const state = await until(store, hasBotText("You're welcome!"));
    expect(storage.token()).to.be.a('string').and.not.equal('not-a-token');
    expect(state.messages.map((m) => m.text)).to.deep.equal(['thanks', "You're welcome!"]);
  });

  it('queues identify until connected, sends it once per connection, and again after a reconnect', async () => {
    const received: IdentifyPayload[] = [];
    // Listens beside the gateway's own identify handler (which answers), to count what the widget sends.
    const listen = () =>
      server
        .app()
        .io.of(VISITOR_NAMESPACE)
        .on('connection', (socket: Socket) => {
          socket.on('identify', (payload: IdentifyPayload) => void received.push(payload));
        });
    listen();
    const { store, client, events, heard } = widget();
    const user = {
      userId: 'shop-user-42',
      email: 'quinn@example.com',
      name: 'Quinn',
      userHash: userHashOf(IDENTITY_SECRET, 'shop-user-42'),
    };
    client.identify(user);
    expect(received).to.deep.equal([]);
    client.start();
    await until(store, (s) => s.connection === 'online');
    const identified = () => events.filter((e) => e.event === 'identified');
    await heard('identified', 1);
    expect(identified()[0]!.payload).to.deep.equal({ identified: true, name: 'Quinn' });
    expect(received).to.deep.equal([user]);

    // The server answers a good identify with a second session: the widget does not identify again.
    client.send('thanks');
    await until(store, hasBotText("You're welcome!"));
    expect(received).to.have.length(1);

    await server.pause();
    await until(store, (s) => s.connection === 'reconnecting');
    await server.resume();
    listen();
    await heard('identified', 2);
    expect(received).to.deep.equal([user, user]);
  });

  it('tells the page when identify is refused, and does not retry it on the same connection', async () => {
    const { store, client, events, heard } = widget();
    client.identify({ userId: 'shop-user-43', userHash: 'f'.repeat(64) });
    client.start();
    const refused = () => events.filter((e) => e.event === 'error');
    await heard('error', 1);
    expect(refused()[0]!.payload).to.include({ code: 'IDENTITY_NOT_VERIFIED' });
    client.send('thanks');
    await until(store, hasBotText("You're welcome!"));
    expect(refused()).to.have.length(1);
  });

  it('refuses an identify without userId and userHash, sending nothing', async () => {
    const { client, store } = widget();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      client.identify({ userId: '', userHash: 'x' });
      client.identify({ userId: 'u' } as IdentifyPayload);
    } finally {
      console.error = original;
    }
    expect(errors).to.have.length(2);
    expect(store.get().connection).to.equal('idle');
  });

  it('rates a resolved conversation and hears the rating back', async () => {
    const { store, client } = widget();
    client.send('thanks');
    const state = await until(store, hasBotText("You're welcome!"));
    const agent = await createUser(server.db.repositories, 'agent');
    await server.db.repositories.users.setPresence(agent.id, 'online');
    await assignAgent(server.deps(), state.conversationId!, agent.id);
    await resolveConversation(server.deps(), state.conversationId!, agent.id);
    await server.db.repositories.users.setPresence(agent.id, 'offline');
    await until(store, (s) => s.status?.status === 'resolved');
    client.rate(5, '  Great help  ');
    const rated = await until(store, (s) => s.rating.value === 5 && !s.rating.sending);
    expect(rated.rating.error).to.equal(null);
    const conversation = await server.db.repositories.conversations.findById(state.conversationId!);
    expect(conversation?.csat).to.include({ score: 5, comment: 'Great help' });
  });

  it('forgets the visitor on reset and starts a new conversation', async () => {
    const { store, client, storage } = widget();
    client.send('thanks');
    const first = await until(store, hasBotText("You're welcome!"));
    const token = storage.token();
    store.dispatch({ type: 'opened' });
    client.reset();
    expect(store.get().messages).to.deep.equal([]);
    const next = await until(store, (s) => s.connection === 'online' && s.conversationId !== null);
    expect(next.conversationId).to.not.equal(first.conversationId);
    expect(storage.token()).to.not.equal(token);
  });
});
