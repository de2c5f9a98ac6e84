import type { RecordableRun, RecordVerdict, SignatureCheck, TrustVerdict } from '../../lib/ipc/generated';

/** A file name for a run's record: its kind, its title made safe, its date. */
export function defaultFileName(run: RecordableRun): string {
  const slug = run.title
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'o')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const day = run.startedAt.slice(0, 10);
  const kind = run.kind === 'incident' ? 'incident-record' : 'exercise-report';
  return `${kind}-${day}${slug ? `-${slug}` : ''}.pdf`;
}

/** Whether a dialog should act on this key: Enter confirms, Escape closes. */
export function dialogKey(e: { key: string; isComposing?: boolean }): 'confirm' | 'close' | null {
  if (e.isComposing) return null;
  if (e.key === 'Enter') return 'confirm';
  if (e.key === 'Escape') return 'close';
  return null;
}

/** The checks of a verdict as label-key and value (true, false, or null when not checked). */
export function verdictChecks(v: RecordVerdict): { key: string; ok: boolean | null }[] {
  const s = v.signatures[v.signatures.length - 1];
  if (!s) return [];
  return [
    { key: 'digest', ok: s.digestMatches && s.signatureValid },
    { key: 'coversWhole', ok: s.coversWholeFile },
    { key: 'certificateValid', ok: s.validAtSigning },
    { key: 'trusted', ok: s.trusted },
    { key: 'journalMatch', ok: v.checkpointMatchesJournal },
  ];
}

/** An RFC 3339 UTC time as `2026-11-26 08:00 UTC`. */
export function shortTime(rfc3339: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? `${m[1]} ${m[2]} UTC` : rfc3339;
}

/** A PDF date (`D:20261126215110+00'00'`) as `2026-11-26 21:51:10 +00:00`. */
export function pdfTime(date: string): string {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})'(\d{2})'?|Z)?/.exec(date);
  if (!m) return date;
  const zone = m[7] ? `${m[7]}${m[8]}:${m[9]}` : 'UTC';
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} ${zone}`;
}

/** The verdict's state: valid, intact but signer not trusted, or broken (older answers carry
 * only `valid`). */
export function verdictState(v: RecordVerdict): TrustVerdict {
  return v.verdict ?? (v.valid ? 'valid' : 'broken');
}

/** The role a signature signs in: the sign-off roles the record names for its key, else the
 * reason written in it. */
export function signatureRole(s: SignatureCheck): string {
  if (s.roles && s.roles.length > 0) return s.roles.join(', ');
  return s.reason ?? '';
}
