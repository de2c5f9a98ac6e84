// The team panel's and the status badge's reading of `team_status`: one line for the link, one
// row per device (the server's list merged with the chains held here).
import type { TeamStatus, TeamSynced } from '../../lib/ipc/generated';
import type { TeamLabels } from './labels';

/** HH:MM of an RFC 3339 time, in the window's local time. */
export function hhmm(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The status line: `connected`, `offline since 14:03`, `connecting…`; with what this device has
 * not shared yet. `null` when no team server is set. */
export function linkLine(s: TeamStatus, t: TeamLabels): string | null {
  if (!s.server) return null;
  const link = s.link;
  const state =
    link.state === 'connected'
      ? t.connected
      : link.state === 'offline'
        ? `${t.offlineSince} ${link.offlineSince ? hhmm(link.offlineSince) : '?'}`
        : link.state === 'connecting'
          ? t.connecting
          : t.off;
  const pending = s.notShared > 0 ? `${s.notShared} ${t.notShared}` : t.allShared;
  return `${state} · ${pending}`;
}

/** One device of the team, as the panel lists it. */
export type DeviceRow = {
  id: string;
  person: string;
  host: string;
  thisDevice: boolean;
  /** The login that enrolled it (the server's word); null before the server's list is known. */
  login: string | null;
  /** Who approved it; null while waiting (or unknown). */
  approvedBy: string | null;
  /** Whether the server knows it and it waits for approval. */
  waiting: boolean;
  /** Events the server holds (null: unknown). */
  onServer: number | null;
  /** Events held here. */
  held: number;
  /** Held here without the server's receipt. */
  pending: number;
  /** The server time of its latest event, else the time of its latest event held here. */
  lastSeen: string | null;
};

/** Every device the server knows (as last synced) or whose events are held here, this device
 * first, then by person. */
export function deviceRows(s: TeamStatus): DeviceRow[] {
  const rows = new Map<string, DeviceRow>();
  for (const d of s.serverDevices ?? []) {
    rows.set(d.id, {
      id: d.id,
      person: d.personName,
      host: d.host,
      thisDevice: d.thisDevice,
      login: d.login,
      approvedBy: d.approvedBy,
      waiting: d.approvedBy === null,
      onServer: d.events,
      held: 0,
      pending: 0,
      lastSeen: d.lastSeen,
    });
  }
  for (const c of s.chains) {
    const known = rows.get(c.device);
    if (known) {
      known.held = c.events;
      known.pending = c.notShared;
      known.lastSeen ??= c.lastAt;
    } else {
      rows.set(c.device, {
        id: c.device,
        person: c.personName,
        host: c.host,
        thisDevice: c.thisDevice,
        login: null,
        approvedBy: null,
        waiting: false,
        onServer: null,
        held: c.events,
        pending: c.notShared,
        lastSeen: c.lastAt,
      });
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      Number(b.thisDevice) - Number(a.thisDevice) || a.person.localeCompare(b.person) || a.host.localeCompare(b.host),
  );
}

/** The per-device lines of the badge's tooltip: `Ingrid · laptop-2: 3 not yet shared`. */
export function pendingLines(s: TeamStatus, t: TeamLabels): string[] {
  return deviceRows(s).map(
    (r) => `${r.person || '?'} · ${r.host || '?'}: ${r.pending > 0 ? `${r.pending} ${t.notShared}` : t.allShared}`,
  );
}

/** What a sync did: `Synced: 2 pushed, 1 pulled, 2 receipts`. */
export function syncedLine(d: TeamSynced, t: TeamLabels): string {
  const refused = d.refused.length > 0 ? `, ${d.refused.length} ${t.refused}` : '';
  return `${t.synced}: ${d.pushed} ${t.pushed}, ${d.pulled} ${t.pulled}, ${d.receipts} ${t.receipts}${refused}`;
}
