/**
 * One CSV field: quoted when it holds a comma, quote or line break, and with formulas neutralised (a leading
 * = + - @ gets an apostrophe) so that a spreadsheet never runs text a student typed.
 * @example [name, reason].map(csvField).join(',')
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  // Only text can smuggle a formula; a negative number (a learning gain) stays a number.
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
