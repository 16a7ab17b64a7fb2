import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Strings } from '../../i18n/index.ts';
import type { WidgetOptions } from '../../shared/options.ts';
import type { ChatClient } from '../chat-client.ts';

/** What every component may need besides the state: words, the shop's options, and the actions. */
export interface WidgetEnvironment {
  strings: Strings;
  options: WidgetOptions;
  client: ChatClient;
  open(): void;
  close(): void;
  /** The message box, so parts that disappear once used (quick replies, the email field) hand focus to it. */
  composer: { current: HTMLTextAreaElement | null };
}

export const Environment = createContext<WidgetEnvironment | null>(null);

export function useEnvironment(): WidgetEnvironment {
  const environment = useContext(Environment);
  if (!environment) throw new Error('a widget component was rendered outside the widget');
  return environment;
}
