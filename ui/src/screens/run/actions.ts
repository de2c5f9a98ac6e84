// What the run screen's panels are given to change the run. RunScreen.svelte owns the two
// mutations; a panel says what to do and, if it likes, what to do once the journal has it.
import type { RunAction } from '../../lib/ipc/generated';

/** Records `action` in the open run; `then` runs once it is committed to the journal (not when
 * the core refuses, so a refused entry stays in its field). */
export type Send = (action: RunAction, then?: () => void) => void;

/** Attaches the file at `path` as evidence to the current step; `then` as for `Send`. */
export type Attach = (path: string, description: string, then?: () => void) => void;
