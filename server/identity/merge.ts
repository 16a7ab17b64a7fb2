import type { MergeResult, Repositories } from '../data/repositories/index.ts';
import type { UserRole } from '../data/records.ts';
import type { EventBus } from '../events/event-bus.ts';
import { AppError } from '../shared/errors.ts';

export interface StaffActor {
  userId: string;
  role: UserRole;
}

/**
 * An agent or admin, having checked that a visitor is who they claim to be, folds the visitor's contact
 * (`mergedId`) into the customer's (`survivorId`). The one way staff merge contacts: the REST route calls it
 * now, the agent console will. Audited (contact-merge.ts) with the staff user as the actor.
 */
export async function mergeContactsAfterCheck(
  deps: { repositories: Pick<Repositories, 'contacts'>; events?: EventBus },
  staff: StaffActor,
  survivorId: string,
  mergedId: string,
): Promise<MergeResult> {
  if (staff.role !== 'agent' && staff.role !== 'admin') throw new AppError('FORBIDDEN');
  const result = await deps.repositories.contacts.merge(
    survivorId,
    mergedId,
    { type: 'user', id: staff.userId },
    'staff',
  );
  deps.events?.emit('contacts.merged', { ...result, reason: 'staff' });
  return result;
}
