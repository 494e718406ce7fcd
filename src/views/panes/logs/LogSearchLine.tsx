import { TextLine } from '../../TextLine.js';

/** `/` in the logs pane: highlights as you type; lower case ignores case. */
export function LogSearchLine({ value, width }: { value: string; width: number }) {
  return <TextLine prefix="/" value={value} width={width} hint="   ⏎ find  esc clear  then n/N next/previous" />;
}
