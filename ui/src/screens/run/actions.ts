// What the run screen's panels are given to change the run. RunScreen.svelte owns the two
// mutations; a panel says what to do and, if it likes, what to do once the journal has it.
import type { EvidenceMethod, RunAction } from '../../lib/ipc/generated';

/** Records `action` in the open run; `then` runs once it is committed to the journal (not when
 * the core refuses, so a refused entry stays in its field). */
export type Send = (action: RunAction, then?: () => void) => void;

/** What the evidence panel asks to attach. */
export type AttachInput = { path: string; description: string; method: EvidenceMethod; byReference: boolean };

/** Attaches a file as evidence to the current step (copied, or by reference); `then` as for
 * `Send`. */
export type Attach = (input: AttachInput, then?: () => void) => void;
