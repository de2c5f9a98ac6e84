/** What a key press means in the run view, or null. Plain letters act only when the focus is
 * not in a text field, so typing a note never triggers an action. */
export type RunShortcut = 'start' | 'complete' | 'skip' | 'note' | 'evidence';

export function shortcutFor(e: {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  inField: boolean;
}): RunShortcut | null {
  if (e.altKey || e.ctrlKey || e.metaKey || e.inField) return null;
  switch (e.key.toLowerCase()) {
    case 's':
      return 'start';
    case 'c':
      return 'complete';
    case 'k':
      return 'skip';
    case 'n':
      return 'note';
    case 'e':
      return 'evidence';
    default:
      return null;
  }
}

/** Whether an element takes typing (input, textarea, select, contenteditable). */
export function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable;
}
