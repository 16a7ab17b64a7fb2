import type { ConversationUpdate } from '../../../../server/contracts/visitor-events.ts';
import { format, type Strings } from '../../i18n/index.ts';

/** What `conversation:updated` means for the visitor, in a sentence; nothing while the bot answers. */
export function statusText(status: ConversationUpdate | null, strings: Strings): string | null {
  if (status === null) return null;
  switch (status.status) {
    case 'waiting_agent': {
      const base =
        status.queuePosition === undefined
          ? strings.queueNoPosition
          : format(strings.queue, { position: status.queuePosition });
      if (status.expectedWaitSeconds === undefined) return base;
      const wait =
        status.expectedWaitSeconds < 60
          ? strings.queueWaitUnderMinute
          : format(strings.queueWait, { minutes: Math.round(status.expectedWaitSeconds / 60) });
      return `${base} (${wait})`;
    }
    case 'agent':
      return status.agent
        ? format(strings.agentJoined, { name: status.agent.name })
        : strings.agentJoinedNoName;
    case 'resolved':
      return strings.resolved;
    case 'bot':
      return null;
  }
}
