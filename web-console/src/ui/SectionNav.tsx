import './section-nav.css';
import { reportStrings } from '../reports/strings.ts';

export type ConsoleSection = 'inbox' | 'reports';

const HASH: Record<ConsoleSection, string> = { inbox: '#inbox', reports: '#reports' };

/** The section named in the address (`#reports`), so a reload or a bookmark keeps it. */
export function sectionFromHash(hash: string): ConsoleSection {
  return hash === HASH.reports ? 'reports' : 'inbox';
}

/** Inbox | Reports: the console's sections. */
export function SectionNav(props: { section: ConsoleSection; onChange(section: ConsoleSection): void }) {
  const s = reportStrings.nav;
  return (
    <nav class="cc-sections" aria-label={s.label}>
      {(['inbox', 'reports'] as const).map((section) => (
        <a
          key={section}
          href={HASH[section]}
          class="cc-section-link"
          aria-current={props.section === section ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            history.replaceState(null, '', HASH[section]);
            props.onChange(section);
          }}
        >
          {s[section]}
        </a>
      ))}
    </nav>
  );
}
