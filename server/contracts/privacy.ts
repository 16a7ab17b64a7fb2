// The Privacy page's REST shapes (/api/contacts search, /api/privacy), as JSON carries them; shared with the
// console as types. The routes answer the contact view of `GET /api/contacts` and the privacy repository's
// erasure counts (server/data/repositories/privacy.ts).

/** A contact as the search lists it: enough to tell who it is before exporting or erasing. */
export interface ContactSummaryView {
  id: string;
  name: string | null;
  emails: string[];
  phones: string[];
  createdAt: string;
}

export interface ContactPageView {
  items: ContactSummaryView[];
  page: number;
  limit: number;
  total: number;
}

/** `POST /api/privacy/contacts/:id/erase`: what was changed or removed, by kind of record. */
export interface ErasureView {
  contactId: string;
  erased: Record<string, number>;
}
