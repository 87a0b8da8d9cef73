/**
 * One CSV field: quoted when it holds a comma, quote or line break, and with formulas neutralised (a leading
 * = + - @ gets an apostrophe) so that a spreadsheet never runs text a student typed.
 * @example [name, reason].map(csvField).join(',')
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
