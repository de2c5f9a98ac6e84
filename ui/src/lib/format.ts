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
