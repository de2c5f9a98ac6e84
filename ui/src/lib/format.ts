/** Bytes in the units people read: 512 B, 3.4 KiB, 1.2 MiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The first 12 hex digits of a hash, enough to tell files apart on screen. */
export function shortHash(hex: string): string {
  return hex.slice(0, 12);
}

/** Who did it from which device: `Ingrid · laptop-2`, or just the person when the device is not
 * known. */
export function whoFrom(by: string, device: string | null | undefined): string {
  return device ? `${by} · ${device}` : by;
}

/** A moment on this computer's clock as the rest of the window writes it: `2026-12-02 04:32:42`
 * (an unreadable value is shown as given). */
export function formatMoment(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
