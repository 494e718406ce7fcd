import { TextLine } from './TextLine.js';

export interface LogSearchLineProps {
  value: string;
  onChange(value: string): void;
  /** Enter: jump to the newest match; told the final text */
  onSubmit(value: string): void;
  /** Esc: no search */
  onCancel(): void;
  width: number;
}

/** `/` in the logs pane: highlights as you type; lower case ignores case. */
export function LogSearchLine(props: LogSearchLineProps) {
  return <TextLine prefix="/" hint="   ⏎ find  esc clear  then n/N next/previous" {...props} />;
}
