import type { ChatDeps } from '../conversation/chat-deps.ts';
import type { DeskStore } from '../data/agent/desk-store.ts';

/** What the agent side works with: the chat's shared dependencies plus the desk's data. */
export interface AgentDeps extends ChatDeps {
  desk: DeskStore;
  /** Longest reply or note text accepted (MESSAGE_MAX_LENGTH). */
  maxTextLength: number;
}
