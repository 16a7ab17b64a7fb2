import type {
  ChatMessage,
  ClientError,
  ConversationUpdate,
  IdentifyPayload,
  IdentifyResult,
} from '../../../server/contracts/visitor-events.ts';

/** What the widget tells the host page through `Concierge.on(event, listener)`. */
export interface WidgetEvents {
  /** The widget is on the page (the launcher is shown). */
  ready: undefined;
  open: undefined;
  close: undefined;
  /** A message shown in the chat (the visitor's own once stored, and every bot, agent or system message). */
  message: ChatMessage;
  /** Messages from the shop not yet seen by the visitor. */
  unread: { count: number };
  /** The conversation changed hands (waiting for a person, an agent joined, resolved…). */
  status: ConversationUpdate;
  /** The shop's backend vouched for the visitor (`identify` accepted). */
  identified: IdentifyResult;
  /** Something the visitor could not do (a refused `identify`, a message refused…), with its catalogued code. */
  error: ClientError;
}

export type WidgetEventName = keyof WidgetEvents;

export type WidgetListener<E extends WidgetEventName> = (payload: WidgetEvents[E]) => void;

/** `window.Concierge`: the only global the widget defines. */
export interface ConciergeApi {
  open(): void;
  close(): void;
  /** The shop's signed-in customer; `userHash` is computed by the shop's server (docs/widget.md). */
  identify(user: IdentifyPayload): void;
  /** Returns a function that removes the listener. */
  on<E extends WidgetEventName>(event: E, listener: WidgetListener<E>): () => void;
  /** Forgets the visitor (token, identity, transcript on this device) and starts a new session: for a logout. */
  reset(): void;
}

/**
 * What the loader hands the app: the script tag's data-* attributes and src, the host element it put in the
 * page (its open shadow root shows the loader's launcher until the app renders), and the page's listeners.
 */
export interface BootContext {
  data: Readonly<Record<string, string | undefined>>;
  scriptSrc: string;
  host: HTMLElement;
  emit<E extends WidgetEventName>(event: E, payload: WidgetEvents[E]): void;
}

/** What the app gives back: the real methods behind `window.Concierge`. */
export type WidgetControls = Omit<ConciergeApi, 'on'>;
