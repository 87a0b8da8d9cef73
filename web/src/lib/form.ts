/**
 * A form field's text as the browser submits it from an input, select or textarea; '' when the form has none
 * (a file input's File is not text either).
 * @example const email = fieldText(new FormData(form), 'email');
 */
export function fieldText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
