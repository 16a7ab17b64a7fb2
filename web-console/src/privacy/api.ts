import type { ContactPageView, ErasureView } from '../../../server/contracts/privacy.ts';
import { api, ApiError } from '../api/http.ts';

export type { ContactSummaryView } from '../../../server/contracts/privacy.ts';

/** Contacts whose name, email or phone contains the text (the server's `q`, matched literally). */
export const findContacts = (text: string) =>
  api<ContactPageView>('GET', `/api/contacts?limit=20&q=${encodeURIComponent(text)}`);

export const eraseContact = (id: string) =>
  api<ErasureView>('POST', `/api/privacy/contacts/${encodeURIComponent(id)}/erase`, { confirm: id });

/**
 * The export file, as the browser downloads it: a GET with the session cookie (no CSRF needed), handed to the
 * browser through an object URL so the file is saved under the server's name.
 */
export async function downloadExport(id: string): Promise<string> {
  const response = await fetch(`/api/privacy/contacts/${encodeURIComponent(id)}/export`, {
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string };
    } | null;
    throw new ApiError(response.status, body?.error ?? { code: 'INTERNAL', message: response.statusText });
  }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const fileName = name ?? `contact-${id}.json`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}
