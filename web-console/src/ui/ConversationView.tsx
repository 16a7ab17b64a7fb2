import { useState } from 'preact/hooks';
import type { ConversationListItem } from '../../../server/contracts/agent-events.ts';
import { AckError } from '../api/agent-socket.ts';
import type { ConsoleState } from '../state/state.ts';
import { format, strings } from '../strings.ts';
import { useEnvironment } from './context.ts';
import { ReplyBox } from './ReplyBox.tsx';
import { Transcript } from './Transcript.tsx';
import { TransferDialog } from './TransferDialog.tsx';

/** The middle column: the open conversation's header and actions, transcript, typing and reply box. */
export function ConversationView({ state }: { state: ConsoleState }) {
  const { open, self } = state;
  if (open === null) {
    return (
      <main class="cc-conversation cc-conversation-empty">
        <p class="cc-muted">{strings.selectConversation}</p>
      </main>
    );
  }
  const { conversation } = open;
  const name = conversation.visitor.name ?? strings.visitor;
  const mine = conversation.status === 'agent' && conversation.assignee?.id === self?.id;
  return (
    <main class="cc-conversation" aria-labelledby="cc-conversation-title">
      <header class="cc-conversation-head">
        <div>
          <h2 id="cc-conversation-title">{format(strings.conversationWith, { name })}</h2>
          <p class="cc-muted">
            {strings.statusLabels[conversation.status]}
            {conversation.assignee !== null &&
              conversation.status === 'agent' &&
              ` · ${format(strings.assignedTo, { name: conversation.assignee.name })}`}
          </p>
        </div>
        <Actions conversation={conversation} mine={mine} isAdmin={self?.role === 'admin'} />
      </header>
      <Transcript open={open} />
      <p class="cc-typing" aria-live="polite">
        {open.visitorTyping
          ? strings.visitorTyping
          : open.agentsTyping.length > 0
            ? format(strings.agentTyping, { name: open.agentsTyping.join(', ') })
            : ''}
      </p>
      <ReplyBox conversation={conversation} canReply={mine} />
    </main>
  );
}

function Actions(props: { conversation: ConversationListItem; mine: boolean; isAdmin: boolean }) {
  const { conversation, mine, isAdmin } = props;
  const { client, store } = useEnvironment();
  const [busy, setBusy] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const id = conversation.id;
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      store.dispatch({ type: 'notice', notice: { kind: 'error', text: describe(error) } });
    } finally {
      setBusy(false);
    }
  };
  const canTake = conversation.status === 'waiting_agent' || conversation.status === 'bot';
  const canClose = conversation.status === 'agent' && (mine || isAdmin);
  return (
    <div class="cc-actions">
      {canTake && (
        <button
          type="button"
          class="cc-button cc-primary"
          disabled={busy}
          onClick={() => run(() => client.takeOver(id))}
        >
          {strings.takeOver}
        </button>
      )}
      {mine && (
        <button type="button" class="cc-button" disabled={busy} onClick={() => setTransferring(true)}>
          {strings.transfer}
        </button>
      )}
      {canClose && (
        <button type="button" class="cc-button" disabled={busy} onClick={() => run(() => client.resolve(id))}>
          {strings.resolve}
        </button>
      )}
      {canClose && (
        <button
          type="button"
          class="cc-button"
          disabled={busy}
          onClick={() => run(() => client.handBack(id))}
        >
          {strings.handBack}
        </button>
      )}
      {transferring && (
        <TransferDialog
          conversationId={id}
          onDone={() => setTransferring(false)}
          onTransfer={(agentId, note) => run(() => client.transfer(id, agentId, note))}
        />
      )}
    </div>
  );
}

/** A refusal in the agent's words (the server's code decides), or the server's own message. */
export function describe(error: unknown): string {
  if (error instanceof AckError) {
    const template = strings.errors[error.code];
    if (template !== undefined) {
      const assignee = (error.details?.assignee as { name?: string } | undefined)?.name;
      return format(template, { name: assignee ?? 'Another agent' });
    }
  }
  return error instanceof Error ? error.message : String(error);
}
