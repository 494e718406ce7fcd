// apimachinery's field.Error and errors.Aggregate, with the same wording, so a
// configuration kubedeck rejects reads as the API server would reject it.

export type FieldErrorType = 'Required value' | 'Invalid value' | 'Duplicate value' | 'Too many' | 'Forbidden' | 'Unsupported value';

export interface FieldError {
  field: string;
  type: FieldErrorType;
  /** the offending value; absent for Required and Forbidden */
  value?: string | number;
  detail?: string;
}

const quote = (v: string | number) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/** field.Error.Error() */
export function fieldErrorText(e: FieldError): string {
  let body: string = e.type;
  if (e.type !== 'Required value' && e.type !== 'Forbidden' && e.value !== undefined) body += `: ${quote(e.value)}`;
  if (e.detail) body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

/** errors.NewAggregate(errs).Error(): one error as is, several in brackets, duplicates once */
export function aggregateText(errs: FieldError[]): string {
  const texts = [...new Set(errs.map(fieldErrorText))];
  if (!texts.length) return '';
  return texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
}

export const required = (field: string, detail = ''): FieldError => ({ field, type: 'Required value', detail });
export const invalid = (field: string, value: string | number, detail: string): FieldError => ({ field, type: 'Invalid value', value, detail });
export const duplicate = (field: string, value: string): FieldError => ({ field, type: 'Duplicate value', value });

/** field.Path: "jwt[0].issuer.url"; an empty root gives "issuer.url" */
export const child = (path: string, name: string) => (path ? `${path}.${name}` : name);
export const index = (path: string, i: number) => `${path}[${i}]`;
