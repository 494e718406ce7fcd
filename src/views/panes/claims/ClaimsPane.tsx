// Pane 2: Dynamic Resource Allocation. Four views over resource.k8s.io (claims,
// slices as an inventory, device classes, pods waiting for a claim), switched with
// C/S/D/W or Tab; actions (delete a claim, release a stale reservation) go through
// the confirmation with the exact requests and the dry run's answers.
import { onFlowDone } from '../../results.js';
import { useState } from 'react';
import { Box, Text } from 'ink';
import { DRA_GROUP, type DraKind } from '../../../k8s/claims.js';
import type { ConsoleApi, KubeObject } from '../../../k8s/types.js';
import { ActionFlow, type Intent } from '../../ActionFlow.js';
import { ClaimsView } from './ClaimsView.js';
import { ClassesView } from './ClassesView.js';
import { SlicesView } from './SlicesView.js';
import { WaitingView } from './WaitingView.js';
import { useUIActions } from '../../context.js';
import { useClock } from '../../hooks/useClock.js';
import { useKeymap, type Handlers } from '../../hooks/useKeymap.js';
import { useStore } from '../../hooks/useStore.js';
import { FocusLayer, LEVEL, useRouter } from '../../router/react.js';
import { useTheme } from '../../theme.js';
import { YamlView } from '../../YamlView.js';

export type ClaimsViewId = 'claims' | 'slices' | 'classes' | 'waiting';

const VIEWS: { id: ClaimsViewId; key: string; title: string }[] = [
  { id: 'claims', key: 'C', title: 'claims' },
  { id: 'slices', key: 'S', title: 'slices' },
  { id: 'classes', key: 'D', title: 'device classes' },
  { id: 'waiting', key: 'W', title: 'waiting pods' },
];

export interface ClaimsPaneProps {
  api: ConsoleApi;
  width: number;
  height: number;
  active: boolean;
  initialView?: ClaimsViewId;
}

const CLOCK_MS = 5000;
const DIALOG = 'dialog:claims';
const YAML = 'overlay:claims-yaml';

export function ClaimsPane({ api, width, height, active, initialView = 'claims' }: ClaimsPaneProps) {
  const theme = useTheme();
  const ui = useUIActions();
  const now = useClock(CLOCK_MS);
  const [view, setView] = useState<ClaimsViewId>(initialView);
  const [flow, setFlow] = useState<{ intent: Intent; clearMarks?: () => void } | null>(null);
  const [yaml, setYaml] = useState<{ object: KubeObject; kind: DraKind } | null>(null);
  // watches start here, on first show of the pane
  const claims = api.claims.watched('resourceclaims');
  const slices = api.claims.watched('resourceslices');
  const classes = api.claims.watched('deviceclasses');
  const claimStore = claims?.store;
  useStore(claimStore ?? api.pods);

  const router = useRouter();
  const openFlow = (next: { intent: Intent; clearMarks?: () => void } | null) => {
    if (next) router.open(DIALOG, { level: LEVEL.dialog, modal: true });
    else router.close(DIALOG);
    setFlow(next);
  };
  const openYaml = (next: { object: KubeObject; kind: DraKind } | null) => {
    if (next) router.open(YAML, { level: LEVEL.overlay });
    else router.close(YAML);
    setYaml(next);
  };
  const viewKeys: Handlers = {
    claimsView: () => setView('claims'),
    slicesView: () => setView('slices'),
    classesView: () => setView('classes'),
    waitingView: () => setView('waiting'),
    nextView: () => setView((v) => VIEWS[(VIEWS.findIndex((x) => x.id === v) + 1) % VIEWS.length].id),
  };

  const served = { claims: !!claims, slices: !!slices, classes: !!classes, waiting: true }[view];
  // a view the server does not serve has no list to take the keys: switch views from here
  useKeymap({ scopes: ['claims'], isActive: active && !served && !flow && !yaml, handlers: viewKeys });

  if (!claims && !slices && !classes) {
    return (
      <Box flexDirection="column" height={height} paddingX={1}>
        <Text bold>Dynamic Resource Allocation is not available on this cluster.</Text>
        <Text wrap="truncate-end">The server serves no resource.k8s.io ResourceClaims, ResourceSlices or DeviceClasses (v1, v1beta2, v1beta1 or v1alpha3).</Text>
        <Text dimColor={theme.dim}>Kubernetes 1.34+ serves resource.k8s.io/v1 by default; older versions need the DynamicResourceAllocation feature gate.</Text>
      </Box>
    );
  }

  const bodyHeight = Math.max(3, height - 1);
  const listActive = active && !flow && !yaml;
  const versions = [claims, slices, classes].filter(Boolean).map((w) => `${w!.type.resource.replace(/^resource|^device/, '')}@${w!.type.version}`);
  const missing = (what: string) => (
    <Box height={bodyHeight} paddingX={1}>
      <Text>This cluster does not serve {what} in resource.k8s.io.</Text>
    </Box>
  );
  const overlay = yaml ? (
    <FocusLayer id={YAML} level={LEVEL.overlay}>
      <YamlView api={api} object={yaml.object} resource={`${yaml.kind}.${DRA_GROUP}`} width={width} height={height} onClose={() => openYaml(null)} />
    </FocusLayer>
  ) : flow ? (
    <FocusLayer id={DIALOG} level={LEVEL.dialog} modal>
    <ActionFlow
      intent={flow.intent}
      width={width}
      height={height}
      onDone={onFlowDone({ close: () => openFlow(null), setStatus: ui.setStatus, cancelled: `${flow.intent.verb} cancelled: nothing was sent`, clearMarks: flow.clearMarks })}
    />
    </FocusLayer>
  ) : null;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {overlay}
      {/* the lists stay mounted under a dialog: filter, sort, cursor and marks survive */}
      <Box display={overlay ? 'none' : 'flex'} flexDirection="column" height={height}>
        <Box width={width}>
          <Box flexShrink={0}>
            {VIEWS.map((v) => (
              <Text key={v.id} bold={v.id === view} inverse={v.id === view && theme.inverse}>
                {v.id === view ? `[${v.key} ${v.title}]` : ` ${v.key} ${v.title} `}
              </Text>
            ))}
          </Box>
          <Box flexShrink={1}>
            <Text dimColor={theme.dim} wrap="truncate-end">
              {'  '}
              {claimStore ? `${claimStore.size} claims  ` : ''}
              {versions.join(' ')}
            </Text>
          </Box>
        </Box>
        {view === 'claims' ? (
          claimStore ? (
            <ClaimsView api={api} claims={claimStore} now={now} width={width} height={bodyHeight} active={listActive} viewKeys={viewKeys} onFlow={(intent, clearMarks) => openFlow({ intent, clearMarks })} onYaml={(object) => openYaml({ object, kind: 'resourceclaims' })} />
          ) : (
            missing('ResourceClaims')
          )
        ) : view === 'slices' ? (
          slices ? <SlicesView slices={slices.store} claims={claimStore} width={width} height={bodyHeight} active={listActive} viewKeys={viewKeys} /> : missing('ResourceSlices')
        ) : view === 'classes' ? (
          classes ? (
            <ClassesView classes={classes.store} claims={claimStore} now={now} width={width} height={bodyHeight} active={listActive} viewKeys={viewKeys} onYaml={(object) => openYaml({ object, kind: 'deviceclasses' })} />
          ) : (
            missing('DeviceClasses')
          )
        ) : (
          <WaitingView api={api} claims={claimStore} now={now} width={width} height={bodyHeight} active={listActive} viewKeys={viewKeys} />
        )}
      </Box>
    </Box>
  );
}
