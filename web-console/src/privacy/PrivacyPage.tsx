import { useEffect, useRef, useState } from 'preact/hooks';
import { format } from '../strings.ts';
import type { SectionProps } from '../ui/sections.ts';
import { downloadExport, eraseContact, findContacts, type ContactSummaryView } from './api.ts';
import { privacyStrings as t } from './strings.ts';
import './privacy.css';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

const nameOf = (contact: ContactSummaryView) => contact.name ?? t.unnamed;
/** How the page names a contact everywhere (buttons, the confirmation): the name and a detail, as text. */
const labelOf = (contact: ContactSummaryView) => {
  const detail = contact.emails[0] ?? contact.phones[0];
  return detail === undefined ? nameOf(contact) : `${nameOf(contact)} (${detail})`;
};

/**
 * Privacy (admins): find a contact, download everything held about them, or erase them after a confirmation
 * that names them. The server checks the role, audits both and does the erasure (docs/privacy.md).
 */
export function PrivacyPage(_props: SectionProps) {
  const [text, setText] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const [results, setResults] = useState<ContactSummaryView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [confirming, setConfirming] = useState<ContactSummaryView | null>(null);

  const search = async (query: string) => {
    setBusy(true);
    try {
      setResults((await findContacts(query)).items);
      setSearched(query);
    } catch (error) {
      setNotice({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const run = async (change: () => Promise<string>) => {
    try {
      setNotice({ kind: 'ok', text: await change() });
    } catch (error) {
      setNotice({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section class="cc-privacy" aria-labelledby="cc-privacy-title">
      <h2 id="cc-privacy-title">{t.title}</h2>
      <p>{t.intro}</p>
      <form
        class="cc-privacy-search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() !== '') void search(text.trim());
        }}
      >
        <label class="cc-field">
          <span>{t.find}</span>
          <input
            type="search"
            value={text}
            maxLength={100}
            placeholder={t.findHint}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="cc-button cc-primary" disabled={busy || text.trim() === ''}>
          {busy ? t.searching : t.search}
        </button>
      </form>
      <p role="status" class={notice?.kind === 'error' ? 'cc-error' : 'cc-privacy-ok'}>
        {notice?.text ?? ''}
      </p>
      {results !== null && searched !== null && results.length === 0 ? (
        <p>{format(t.noMatch, { text: searched })}</p>
      ) : null}
      {results !== null && results.length > 0 ? (
        <ul class="cc-privacy-results" aria-label={t.results}>
          {results.map((contact) => (
            <li key={contact.id}>
              <div>
                <strong>{nameOf(contact)}</strong>
                <span class="cc-privacy-details">
                  {[...contact.emails, ...contact.phones].join(', ') || t.noDetails}
                </span>
              </div>
              <button
                type="button"
                class="cc-button"
                onClick={() =>
                  void run(async () => {
                    const file = await downloadExport(contact.id);
                    return format(t.exported, { name: labelOf(contact), file });
                  })
                }
              >
                {format(t.exportFor, { name: labelOf(contact) })}
              </button>
              <button type="button" class="cc-button cc-danger" onClick={() => setConfirming(contact)}>
                {format(t.eraseFor, { name: labelOf(contact) })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {confirming !== null ? (
        <EraseDialog
          contact={confirming}
          onErase={async () => {
            await run(async () => {
              const { erased } = await eraseContact(confirming.id);
              const count = Object.values(erased).reduce((sum, n) => sum + n, 0);
              return format(t.erased, { name: labelOf(confirming), count });
            });
            if (searched !== null) await search(searched);
          }}
          onDone={() => setConfirming(null)}
        />
      ) : null}
    </section>
  );
}

/** The browser's modal dialog (focus stays inside, Escape cancels), naming the contact to erase. */
function EraseDialog(props: { contact: ContactSummaryView; onErase(): Promise<void>; onDone(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [working, setWorking] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const name = labelOf(props.contact);
  return (
    <dialog ref={dialog} class="cc-dialog" aria-labelledby="cc-erase-title" onClose={props.onDone}>
      <form
        method="dialog"
        onSubmit={async (event) => {
          event.preventDefault();
          setWorking(true);
          await props.onErase();
          dialog.current?.close();
        }}
      >
        <h2 id="cc-erase-title">{format(t.confirmTitle, { name })}</h2>
        <p>{t.confirmBody}</p>
        <div class="cc-dialog-buttons">
          <button type="button" class="cc-button" onClick={() => dialog.current?.close()}>
            {t.cancel}
          </button>
          <button type="submit" class="cc-button cc-danger" disabled={working}>
            {format(t.confirmErase, { name })}
          </button>
        </div>
      </form>
    </dialog>
  );
}
