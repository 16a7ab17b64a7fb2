import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentSummary } from '../../../server/contracts/agent-events.ts';
import { format, strings } from '../strings.ts';
import { useEnvironment } from './context.ts';

/** A modal dialog (the browser's own, so focus stays inside and Escape closes it) to pick another agent. */
export function TransferDialog(props: {
  conversationId: string;
  onTransfer(agentId: string, note: string): Promise<void>;
  onDone(): void;
}) {
  const { client, store } = useEnvironment();
  const dialog = useRef<HTMLDialogElement>(null);
  const [agents, setAgents] = useState<AgentSummary[] | null>(null);
  const [agentId, setAgentId] = useState('');
  const [note, setNote] = useState('');
  const selfId = store.get().self?.id;

  useEffect(() => {
    dialog.current?.showModal();
    client
      .agents()
      .then((list) => {
        const available = list.filter(
          (a) => a.id !== selfId && a.presence === 'online' && a.activeCount < a.capacity,
        );
        setAgents(available);
        setAgentId(available[0]?.id ?? '');
      })
      .catch(() => setAgents([]));
  }, [client, selfId]);

  return (
    <dialog ref={dialog} class="cc-dialog" aria-labelledby="cc-transfer-title" onClose={props.onDone}>
      <form
        method="dialog"
        onSubmit={async (e) => {
          e.preventDefault();
          if (agentId === '') return;
          await props.onTransfer(agentId, note);
          dialog.current?.close();
        }}
      >
        <h2 id="cc-transfer-title">{strings.transfer}</h2>
        {agents !== null && agents.length === 0 ? (
          <p>{strings.noAgentAvailable}</p>
        ) : (
          <label class="cc-field">
            <span>{strings.transferTo}</span>
            <select value={agentId} onChange={(e) => setAgentId(e.currentTarget.value)}>
              {(agents ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({format(strings.load, { active: a.activeCount, capacity: a.capacity })})
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="cc-field">
          <span>{strings.transferNote}</span>
          <textarea rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <div class="cc-dialog-buttons">
          <button type="button" class="cc-button" onClick={() => dialog.current?.close()}>
            {strings.cancel}
          </button>
          <button type="submit" class="cc-button cc-primary" disabled={agentId === ''}>
            {strings.transfer}
          </button>
        </div>
      </form>
    </dialog>
  );
}
