import type { Page } from 'playwright-core';
import type { ConversationRecord } from '../../server/data/records.ts';
import { consoleRoutes } from '../../server/web/console-routes.ts';
import { consoleBuild } from './console-page.ts';
import { startWidgetServer, type WidgetServer, type WidgetServerOptions } from './widget-server.ts';

export interface ConsoleServer extends WidgetServer {
  /** The stored conversation a widget page chats in (see `rememberConversation`). */
  conversationOfVisitor(page: Page): Promise<ConversationRecord | null>;
}

/**
 * The widget's server (/visitor with a scripted NLP, the demo shop) with the agent namespace, the agent REST
 * routes and the built console at /console/: what the end-to-end specs of the console drive.
 */
export async function startConsoleServer(
  env: NodeJS.ProcessEnv = {},
  options: Pick<WidgetServerOptions, 'withDatabase'> = {},
): Promise<ConsoleServer> {
  const build = await consoleBuild();
  const server = await startWidgetServer({ env, http: [consoleRoutes({ build })], ...options });
  server.analyser.when('I want a person', { intent: 'human_agent' });
  server.analyser.when('My order is late', {
    intent: 'order_status',
    confidence: 0.82,
    sentiment: -0.6,
    entities: [['date', 'late', 'late']],
  });
  return {
    ...server,
    async conversationOfVisitor(page) {
      const id = await page.evaluate(
        () => (window as unknown as { __conversationId?: string }).__conversationId ?? null,
      );
      return id === null ? null : server.db.repositories.conversations.findById(id);
    },
  };
}

/** Records the conversation id the widget reports (its public `status` event) on `window.__conversationId`. */
export async function rememberConversation(page: Page): Promise<void> {
  await page.evaluate(() => {
    const api = (
      window as unknown as {
        Concierge: { on(e: string, f: (u: { conversationId: string }) => void): void };
      }
    ).Concierge;
    // No named functions in here: tsx's helpers (`__name`) do not exist in the page.
    for (const event of ['status', 'message']) {
      api.on(event, (payload) => {
        (window as unknown as { __conversationId?: string }).__conversationId = payload.conversationId;
      });
    }
  });
}
