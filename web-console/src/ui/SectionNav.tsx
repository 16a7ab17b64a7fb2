import './section-nav.css';
import { sectionsFor } from './sections.ts';

export const INBOX = 'inbox';

/** The section named in the address (`#reports`) if this user may open it; otherwise the inbox. */
export function sectionFromHash(hash: string, role: string): string {
  const id = hash.replace(/^#/, '');
  return sectionsFor(role).some((section) => section.id === id) ? id : INBOX;
}

/** Inbox | Reports | …: the console's sections this user may open. */
export function SectionNav(props: { section: string; role: string; onChange(section: string): void }) {
  const links = [{ id: INBOX, label: 'Inbox' }, ...sectionsFor(props.role)];
  return (
    <nav class="cc-sections" aria-label="Console sections">
      {links.map((link) => (
        <a
          key={link.id}
          href={`#${link.id}`}
          class="cc-section-link"
          aria-current={props.section === link.id ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            history.replaceState(null, '', `#${link.id}`);
            props.onChange(link.id);
          }}
        >
          {link.label}
        </a>
      ))}
    </nav>
  );
}
