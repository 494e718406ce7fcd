import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

const about: Record<string, string> = {
  claims: 'Claims pane: ResourceClaims, ResourceSlices, device classes and pods waiting for devices.',
  volumes: 'Volumes pane: PersistentVolumes, their claims, phases and finalizers.',
  logs: 'Logs pane: container logs of the selected pod, init containers and sidecars included.',
  identity: 'Identity pane: who the cluster says you are, and what you may do.',
};

/** Panes 2–5 are built by other issues; until then, say so plainly. */
export function Placeholder({ pane, height }: { pane: string; height: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" height={height} paddingX={1} paddingY={1}>
      <Text bold>{about[pane] ?? `${pane} pane`}</Text>
      <Text>This pane is not built yet.</Text>
      <Text dimColor={theme.dim}>Press 1 (or :pods) for the pods pane, ? for keys.</Text>
    </Box>
  );
}
