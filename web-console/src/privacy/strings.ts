// Every string of the Privacy page, in English. A translation is a copy of this object with the values
// translated ({placeholders} kept).
export const privacyStrings = {
  title: 'Privacy',
  intro:
    'Answer a customer’s data request: export everything held about them as one file, or erase them. ' +
    'An erasure removes their details and what they wrote, keeps only counts, and cannot be undone.',
  find: 'Find a contact',
  findHint: 'Name, email or phone',
  search: 'Search',
  searching: 'Searching…',
  noMatch: 'No contact matches “{text}”.',
  results: 'Contacts',
  unnamed: 'Unnamed contact',
  noDetails: 'no email or phone',
  exportFor: 'Export {name}',
  eraseFor: 'Erase {name}',
  exported: 'Exported {name} as {file}.',
  erased: '{name} was erased ({count} records changed).',
  confirmTitle: 'Erase {name}?',
  confirmBody:
    'Their name, emails, phones and every message, note and ticket text will be removed for good. ' +
    'Orders and counts stay, without their details.',
  confirmErase: 'Erase {name} for good',
  cancel: 'Cancel',
};
