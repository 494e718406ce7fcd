import { TextLine } from './TextLine.js';

export interface FilterLineProps {
  value: string;
  onChange(value: string): void;
  /** Enter: keep the filter */
  onSubmit(): void;
  /** Esc: clear the filter */
  onCancel(): void;
  width: number;
}

/** `/` line: filters as you type; a leading "!" keeps the rows that do not match. */
export function FilterLine({ value, ...rest }: FilterLineProps) {
  const inverted = value.startsWith('!');
  return <TextLine prefix="/" value={value} hint={`${inverted ? '  (rows NOT matching)' : ''}   ⏎ keep  esc clear`} {...rest} />;
}
