import { render } from 'preact';
import { stringsFor } from '../i18n/index.ts';
import type { BootContext, WidgetControls } from '../shared/api.ts';
import { createChatClient } from './chat-client.ts';
import { parseOptions } from './options.ts';
import { createWidgetStorage } from './storage.ts';
import { unreadCount } from './store/selectors.ts';
import { initialState } from './store/state.ts';
import { createStore } from './store/store.ts';
import type { WidgetEnvironment } from './ui/context.ts';
import { applyStyles } from '../shared/shell.ts';
import { widgetStyles } from './ui/styles.ts';
import { Widget } from './ui/Widget.tsx';

/** socket.io-client's file, relative to this module; set by the build from its content hash. */
declare const __CONCIERGE_SOCKET_IO__: string;

/**
 * The app's entry, called once by the loader: renders the widget into the shadow root the loader made and
 * returns the methods behind `window.Concierge`.
 */
export function boot(context: BootContext): WidgetControls {
  const options = parseOptions(context.data, context.scriptSrc, (message) =>
    console.warn(`Concierge: ${message}`),
  );
  const strings = stringsFor(options.lang, options.strings);
  const storage = createWidgetStorage(options.serverUrl);
  const store = createStore(
    initialState({ open: storage.open(), readSeq: storage.readSeq(), pending: storage.pending() }),
  );
  const client = createChatClient({
    serverUrl: options.serverUrl,
    store,
    storage,
    emit: context.emit,
    loadSocketIo: () =>
      import(/* the build's own file */ new URL(__CONCIERGE_SOCKET_IO__, import.meta.url).href),
  });

  // What the page keeps between navigations, and what the shop's code hears about.
  store.subscribe((state, previous) => {
    if (state.open !== previous.open) {
      storage.setOpen(state.open);
      context.emit(state.open ? 'open' : 'close', undefined);
    }
    if (state.readSeq !== previous.readSeq) storage.setReadSeq(state.readSeq);
    if (state.pending !== previous.pending) storage.setPending(state.pending);
    const unread = unreadCount(state);
    if (unread !== unreadCount(previous)) context.emit('unread', { count: unread });
  });

  const focusRequests: { current: 'panel' | 'launcher' | null } = { current: null };
  const open = () => {
    if (store.get().open) return;
    focusRequests.current = 'panel';
    store.dispatch({ type: 'opened' });
    client.start();
  };
  const close = () => {
    if (!store.get().open) return;
    focusRequests.current = 'launcher';
    store.dispatch({ type: 'closed' });
  };
  const environment: WidgetEnvironment = {
    strings,
    options,
    client,
    open,
    close,
    composer: { current: null },
  };

  // The loader's launcher is replaced by the app's (same look); a visitor who had focused it keeps focus.
  const root = context.host.shadowRoot!;
  if (root.activeElement !== null) focusRequests.current = 'launcher';
  applyStyles(root, widgetStyles(options.color));
  const container = document.createElement('div');
  root.replaceChildren(container);
  render(<Widget store={store} environment={environment} focusRequests={focusRequests} />, container);
  context.emit('ready', undefined);

  // A returning visitor (or a panel left open on the previous page) reconnects now, for unread messages and
  // agent replies; a first-time visitor creates nothing on the server until they open the chat.
  if (storage.token() !== null || store.get().open || store.get().pending.length > 0) client.start();

  return { open, close, identify: client.identify, reset: client.reset };
}
