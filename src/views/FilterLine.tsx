import { TextLine } from './TextLine.js';

export interface FilterLineProps {
  value: string;
  width: number;
}

/** `/` line: filters as you type; a leading "!" keeps the rows that do not match. */
export function FilterLine({ value, width }: FilterLineProps) {
  const inverted = value.startsWith('!');
  return <TextLine prefix="/" value={value} width={width} hint={`${inverted ? '  (rows NOT matching)' : ''}   ⏎ keep  esc clear`} />;
}
