/** "12 min", "1 h 5 min" for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "+3", "−2" (a real minus sign for screen readers and typography). */
export const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0');

export const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The date of a timestamp in the reader's locale. */
export const formatDate = (ms: number) =>
  new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
