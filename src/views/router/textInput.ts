// A single-line text input as a focus layer: the text lives here, not in a render,
// so keys of one burst and a paste edit the latest text. <TextLine> only draws it.
import type { KeyPress, LayerOptions } from './router.js';
import { LEVEL } from './router.js';

export interface TextInputSpec {
  initial?: string;
  /** every edit, for the view */
  onChange(value: string): void;
  /** ⏎: the final text */
  onSubmit(value: string): void;
  /** esc (and backspace on an empty line when backspaceCancels) */
  onCancel(): void;
  backspaceCancels?: boolean;
  /** tab: the completed text */
  complete?(value: string): string;
}

/** a pasted block on one line: its line breaks become spaces, control characters go */
export function pastedLine(text: string): string {
  return (
    text
      .replace(/\r\n|[\r\n]/g, ' ')
      // stripping terminal control characters is the point
      .replace(/[\u0000-\u001F\u007F]/g, '')
  );
}

/** The layer for a text line; `close` is called once when ⏎ or esc ends it. */
export function textInputLayer(spec: TextInputSpec, close: () => void): LayerOptions & { value(): string } {
  let value = spec.initial ?? '';
  let done = false;
  const set = (next: string) => {
    value = next;
    spec.onChange(next);
  };
  const end = (submit: boolean) => {
    done = true;
    close();
    if (submit) spec.onSubmit(value);
    else spec.onCancel();
  };
  const onKey = ({ input, key }: KeyPress): boolean => {
    if (done) return false;
    if (key.escape) return (end(false), true);
    if (key.return) return (end(true), true);
    if (key.backspace || key.delete) {
      if (value === '' && spec.backspaceCancels) return (end(false), true);
      set([...value].slice(0, -1).join(''));
      return true;
    }
    if (key.ctrl && input === 'u') return (set(''), true);
    if (key.tab && !key.shift && spec.complete) return (set(spec.complete(value)), true);
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || !input) return true;
    set(value + input);
    return true;
  };
  return {
    level: LEVEL.line,
    modal: true,
    onKey,
    onPaste: (text) => {
      if (!done) set(value + pastedLine(text));
    },
    value: () => value,
  };
}
