import { date, pct, signed as signedNumber, t } from '../i18n';

/** "12 min", "1 h 5 min" for a duration in milliseconds, in the reader's language. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t('progress.underMinute');
  if (minutes < 60) return t('progress.minutes', minutes);
  return t('progress.hoursMinutes', Math.floor(minutes / 60), minutes % 60);
}

/** "+3", "−2" (a real minus sign for screen readers and typography), in the reader's digits. */
export const signed = (n: number) => signedNumber(n);

/** A share (0–1) as a whole percentage in the reader's language. */
export const percent = (share: number) => pct(share);

/** The date of a timestamp in the reader's language and calendar. */
export const formatDate = (ms: number) => date(ms);
