import type { FunctionComponent } from 'preact';

/** What every page of the console is given: who is signed in, and a way to jump to a conversation. */
export interface SectionProps {
  user: { id: string; name: string; role: string };
  onOpenConversation(conversationId: string): void;
}

export interface SectionDefinition {
  /** The address fragment (`#reports`), so a reload or a bookmark keeps the page. */
  id: string;
  /** The link's text, which is also its accessible name. */
  label: string;
  /** Who sees the link; the server checks roles again on every request. */
  roles: readonly string[];
  /** Each page is its own chunk, so the console's initial download (the size budget) does not carry it. */
  load(): Promise<FunctionComponent<SectionProps>>;
}

export const everyoneRoles = ['agent', 'admin'] as const;
export const adminRoles = ['admin'] as const;

/**
 * The console's pages after the inbox, in the order of the navigation bar. A page is added here with one
 * entry; the inbox is built in because it is the console's home and shares the live store.
 */
export const sections: readonly SectionDefinition[] = [
  {
    id: 'reports',
    label: 'Reports',
    roles: everyoneRoles,
    load: () => import('../reports/ReportsPage.tsx').then((module) => module.ReportsPage),
  },
  {
    id: 'intents',
    label: 'Intents',
    roles: adminRoles,
    load: () => import('../admin/IntentsPage.tsx').then((module) => module.IntentsPage),
  },
  {
    id: 'knowledge',
    label: 'Knowledge',
    roles: adminRoles,
    load: () => import('../admin/KnowledgePage.tsx').then((module) => module.KnowledgePage),
  },
  {
    id: 'try-it',
    label: 'Try it',
    roles: adminRoles,
    load: () => import('../admin/TryItPage.tsx').then((module) => module.TryItPage),
  },
  {
    id: 'training',
    label: 'Training',
    roles: adminRoles,
    load: () => import('../admin/TrainingPage.tsx').then((module) => module.TrainingPage),
  },
  {
    id: 'misunderstood',
    label: 'Misunderstood',
    roles: adminRoles,
    load: () => import('../misunderstood/MisunderstoodPage.tsx').then((module) => module.MisunderstoodPage),
  },
  {
    id: 'team',
    label: 'Team',
    roles: adminRoles,
    load: () => import('../team/TeamPage.tsx').then((module) => module.TeamPage),
  },
  {
    id: 'data',
    label: 'Data',
    roles: adminRoles,
    load: () => import('../data-io/DataPage.tsx').then((module) => module.DataPage),
  },
];

/** Pages this user may open. */
export function sectionsFor(role: string): SectionDefinition[] {
  return sections.filter((section) => section.roles.includes(role));
}
