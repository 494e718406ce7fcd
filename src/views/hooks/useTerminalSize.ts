import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

// ink-testing-library's stdout has columns but no rows; 24 is the classic terminal height.
const DEFAULT_ROWS = 24;
const DEFAULT_COLUMNS = 80;

function read(stdout: Partial<NodeJS.WriteStream>): TerminalSize {
  return {
    columns: stdout.columns || DEFAULT_COLUMNS,
    rows: stdout.rows || DEFAULT_ROWS,
  };
}

/**
 * The terminal's size, following 'resize'. Not Ink's useWindowSize: that falls back to
 * the controlling terminal's size where the stream has none (ink-testing-library).
 */
export function useTerminalSize(): TerminalSize {
  const stdout = useStdout().stdout as NodeJS.WriteStream;
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => {
      const next = read(stdout);
      setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
    };
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
