// The readiness panel's logic: which corrective actions the dashboard shows, and where each
// moves next.
import type { ActionStateName, ActionView } from '../../lib/ipc/generated';

/** The state an action moves to next: open → done → verified; none once verified. */
export function nextActionState(s: ActionStateName): ActionStateName | null {
  if (s === 'open') return 'done';
  if (s === 'done') return 'verified';
  return null;
}

/** The actions not yet verified, overdue first, then by due date. */
export function pendingActions(all: ActionView[]): ActionView[] {
  return all
    .filter((a) => a.state !== 'verified')
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.due.localeCompare(b.due));
}
