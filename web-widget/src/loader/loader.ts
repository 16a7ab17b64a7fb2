// widget.js: the one file a shop's tag loads (short cache). It defines `window.Concierge`, draws the launcher
// at once, queues calls made before the app arrives, and imports the app (content-hashed, long cache). It
// stays tiny (budget: 2 KB gzipped) because every page view of the shop pays for it.
import { colorOption, positionOption } from '../app/options.ts';
import { OPEN_CHAT } from '../i18n/en.ts';
import type {
  BootContext,
  ConciergeApi,
  WidgetControls,
  WidgetEventName,
  WidgetEvents,
} from '../shared/api.ts';
import { SHELL_CSS, applyStyles, createHost, drawLauncher, themeCss } from '../shared/shell.ts';

/** The app's file, relative to this script; set by the build from the app's content hash. */
declare const __CONCIERGE_APP__: string;

type Listener = (payload: never) => void;

(() => {
  // For the shop's own measurements (and npm run bench:widget): loader start → `concierge:launcher`.
  performance.mark('concierge:loader');
  const page = window as Window & { Concierge?: ConciergeApi };
  if (page.Concierge) {
    console.warn('Concierge: already on this page; this copy does nothing.');
    return;
  }
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script?.src) {
    console.error('Concierge: load widget.js with a <script src> tag.');
    return;
  }
  const data = { ...script.dataset };

  const listeners = new Map<WidgetEventName, Set<Listener>>();
  const queued: [keyof WidgetControls, unknown[]][] = [];
  let controls: WidgetControls | null = null;
  const method =
    (name: keyof WidgetControls) =>
    (...args: unknown[]): void => {
      if (controls) (controls[name] as (...a: unknown[]) => void)(...args);
      else queued.push([name, args]);
    };

  const api: ConciergeApi = Object.freeze({
    open: method('open'),
    close: method('close'),
    identify: method('identify'),
    reset: method('reset'),
    on<E extends WidgetEventName>(event: E, listener: (payload: WidgetEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => void set.delete(listener as Listener);
    },
  });
  // Not writable, not configurable: a second copy of the tag (or a typo in the shop's code) cannot replace it.
  Object.defineProperty(page, 'Concierge', { value: api, enumerable: true });

  // The launcher is drawn now; the app, when it arrives, takes over the same shadow root.
  const mounted = new Promise<HTMLElement>((resolve) => {
    const mount = () => {
      const host = createHost();
      const root = host.shadowRoot!;
      applyStyles(root, SHELL_CSS + themeCss(colorOption(data.color)));
      drawLauncher(root, positionOption(data.position), launcherLabel(data.strings), api.open);
      requestAnimationFrame(() => performance.mark('concierge:launcher'));
      resolve(host);
    };
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
  });

  const emit: BootContext['emit'] = (event, payload) => {
    listeners.get(event)?.forEach((listener) => {
      try {
        (listener as (p: typeof payload) => void)(payload);
      } catch (error) {
        console.error('Concierge:', error);
      }
    });
  };

  Promise.all([
    import(new URL(__CONCIERGE_APP__, script.src).href) as Promise<{
      boot(context: BootContext): WidgetControls;
    }>,
    mounted,
  ]).then(
    ([app, host]) => {
      controls = app.boot({ data, scriptSrc: script.src, emit, host });
      for (const [name, args] of queued.splice(0)) (controls[name] as (...a: unknown[]) => void)(...args);
    },
    (error: unknown) => console.error('Concierge: not loaded', error),
  );
})();

/** The shop's own name for the launcher (`data-strings` openChat), until the app brings the language file. */
function launcherLabel(strings: string | undefined): string {
  try {
    const label: unknown = (JSON.parse(strings ?? '{}') as { openChat?: unknown }).openChat;
    if (typeof label === 'string' && label !== '') return label;
  } catch {
    // The app warns about malformed data-strings.
  }
  return OPEN_CHAT;
}
