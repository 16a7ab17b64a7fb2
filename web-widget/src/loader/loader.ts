// widget.js: the one file a shop's tag loads (short cache). It defines `window.Concierge`, queues calls made
// before the app arrives, and imports the app (content-hashed, long cache). It stays tiny (budget: 2 KB
// gzipped) because every page view of the shop pays for it.
import type {
  BootContext,
  ConciergeApi,
  WidgetControls,
  WidgetEventName,
  WidgetEvents,
} from '../shared/api.ts';

/** The app's file, relative to this script; set by the build from the app's content hash. */
declare const __CONCIERGE_APP__: string;

type Listener = (payload: never) => void;

(() => {
  // For the shop's own measurements (and npm run bench:widget): loader start → `concierge:launcher`.
  performance.mark('concierge:loader');
  const page = window as Window & { Concierge?: ConciergeApi };
  if (page.Concierge) {
    console.warn('Concierge: the widget is already on this page; this second copy does nothing.');
    return;
  }
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script?.src) {
    console.error('Concierge: load widget.js with <script src="…/widget.js" async>.');
    return;
  }

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

  const context: BootContext = {
    data: { ...script.dataset },
    scriptSrc: script.src,
    emit(event, payload) {
      listeners.get(event)?.forEach((listener) => {
        try {
          (listener as (p: typeof payload) => void)(payload);
        } catch (error) {
          console.error('Concierge: a listener failed', error);
        }
      });
    },
  };

  import(new URL(__CONCIERGE_APP__, script.src).href).then(
    (app: { boot(context: BootContext): WidgetControls }) => {
      controls = app.boot(context);
      for (const [name, args] of queued.splice(0)) (controls[name] as (...a: unknown[]) => void)(...args);
    },
    (error: unknown) => console.error('Concierge: the chat could not be loaded', error),
  );
})();
