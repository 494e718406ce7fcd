import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Box } from 'ink';
import type { ConsoleApi, KubeObject } from '../k8s/types.js';
import { sanitize } from '../state/sanitize.js';
import { Footer, Header, TabsLine, panes } from './Chrome.js';
import { CommandLine, parseCommand, type PaneId } from './CommandLine.js';
import { UIActionsContext, UIStateContext, type Status, type StatusTone, type UIActions, type UIState } from './context.js';
import { DetailView } from './DetailView.js';
import { Help } from './Help.js';
import { useAccess } from './hooks/useAccess.js';
import { useInfo } from './hooks/useInfo.js';
import { useKeymap, type Handlers } from './hooks/useKeymap.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { hints, type KeyContext, type Scope } from './keys.js';
import { IdentityPane } from './panes/identity/IdentityPane.js';
import { useIdentity } from './hooks/useIdentity.js';
import { headerProblem } from '../state/identity.js';
import { ClaimsPane } from './panes/claims/ClaimsPane.js';
import { LogsPane, type LogsTarget } from './panes/logs/LogsPane.js';
import { Placeholder } from './Placeholder.js';
import { PodsPane } from './panes/pods/PodsPane.js';
import { VolumesPane } from './panes/volumes/VolumesPane.js';
import { ThemeContext, colorsFromEnv, makeTheme } from './theme.js';
import { YamlView } from './YamlView.js';
import { KeyRouter } from './router/router.js';
import { FocusLayer, LEVEL, RouterContext, useRootInput, useRouter } from './router/react.js';
import { textInputLayer } from './router/textInput.js';

export type { PaneId } from './CommandLine.js';

export interface AppProps {
  api: ConsoleApi;
  initialPane?: PaneId;
  /** --readonly; the session's own info.readonly counts too */
  readonly?: boolean;
  onQuit(): void;
  /** defaults to on unless NO_COLOR is set */
  colors?: boolean;
  /** a problem from outside the views (e.g. a failed :ctx switch), shown in the footer */
  notice?: string;
}

type Overlay = { kind: 'help' } | { kind: 'detail'; object: KubeObject; resource?: string } | { kind: 'yaml'; object: KubeObject; resource?: string } | null;

/** the key scopes of each pane: its footer hints, and what `?` lists first */
const paneScopes: Record<PaneId, Scope[]> = {
  pods: ['pods', 'list', 'global'],
  claims: ['claims', 'list', 'global'],
  volumes: ['volumes', 'list', 'global'],
  logs: ['logs', 'global'],
  identity: ['identity', 'global'],
};

/** header, tabs and footer take one line each; Ink 6 redraws everything when a frame reaches the last row */
const CHROME_LINES = 3;

const OVERLAY = 'overlay';
const COMMAND_LINE = 'line:command';

/** The console with its key router: the one input subscription and the focus stack. */
export function App(props: AppProps) {
  const initialPane = props.initialPane ?? 'pods';
  // the focus stack starts with the global keys and the first pane
  const [router] = useState(() => {
    const r = new KeyRouter({ defer: (fn) => setImmediate(fn) });
    r.mount('global', { level: LEVEL.global });
    r.open(`pane:${initialPane}`, { level: LEVEL.pane });
    return r;
  });
  useRootInput(router);
  return (
    <RouterContext.Provider value={router}>
      <Console {...props} initialPane={initialPane} />
    </RouterContext.Provider>
  );
}

function Console({ api, initialPane = 'pods', readonly: readonlyFlag = false, onQuit, colors, notice }: AppProps) {
  const router = useRouter();
  const { columns, rows } = useTerminalSize();
  const info = useInfo(api);
  const identity = useIdentity(api.identity);
  const readonly = readonlyFlag || info.readonly;
  const access = useAccess(api, info.namespace, readonly);
  const theme = useMemo(() => makeTheme(colors ?? colorsFromEnv()), [colors]);
  const [pane, setPane] = useState<PaneId>(initialPane);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [commandOpen, setCommandOpen] = useState(false);
  const [commandText, setCommandText] = useState('');
  const [status, setStatusState] = useState<Status | null>(null);
  const previousPane = useRef<PaneId>(initialPane);
  const [logTarget, setLogTarget] = useState<LogsTarget | null>(null);

  // the watches behind the other panes start with the console, so their health shows at once
  const badges = useMemo(() => {
    const claims = api.claims.store('resourceclaims');
    return [
      { name: 'pods', store: api.pods, pane: 'pods' as const },
      ...(claims ? [{ name: 'claims', store: claims, pane: 'claims' as const }] : []),
      { name: 'pvs', store: api.volumes.store(), pane: 'volumes' as const },
    ];
  }, [api]);
  const keyCtx = useMemo<KeyContext>(() => ({ readonly, ...access }), [readonly, access]);
  const state = useMemo<UIState>(() => ({ info, keyCtx }), [info, keyCtx]);
  const setStatus = useCallback((text: string, tone: StatusTone = 'normal') => setStatusState({ text, tone }), []);
  const actions = useMemo<UIActions>(
    () => ({
      setStatus,
      openDetail: (object, resource) => openOverlay({ kind: 'detail', object, resource }),
      openYaml: (object, resource) => openOverlay({ kind: 'yaml', object, resource }),
      openLogs: (target) => {
        setLogTarget(target);
        show('logs');
      },
      back: () => show(previousPane.current === 'logs' ? 'pods' : previousPane.current),
    }),
    // show and openOverlay only use the router and state setters
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setStatus],
  );
  useLayoutEffect(() => {
    router.onIgnoredPaste(() => setStatus('paste ignored: no line open (/ filter, : command)', 'warn'));
  }, [router, setStatus]);

  useEffect(() => {
    if (notice) setStatus(sanitize(notice), 'error');
  }, [notice, setStatus]);

  // focus moves now, in the router, so the next key of the same burst already goes there
  const openOverlay = (next: Overlay) => {
    router.open(OVERLAY, { level: LEVEL.overlay });
    setOverlay(next);
  };
  const closeOverlay = () => {
    router.close(OVERLAY);
    setOverlay(null);
  };
  const show = (next: PaneId) => {
    const current = router.stack().find((id) => id.startsWith('pane:'))?.slice(5) as PaneId | undefined;
    if (current && current !== next) previousPane.current = current;
    router.replace(`pane:${next}`, { level: LEVEL.pane });
    closeOverlay();
    setPane(next);
  };
  const openCommand = () => {
    setCommandText('');
    router.open(
      COMMAND_LINE,
      textInputLayer({ onChange: setCommandText, onSubmit: runCommand, onCancel: () => {}, backspaceCancels: true }, () => {
        router.close(COMMAND_LINE);
        setCommandOpen(false);
      }),
    );
    setCommandOpen(true);
  };
  const paneKeys: Handlers = Object.fromEntries(panes.map((p) => [`pane${p.key}`, () => show(p.id)]));
  useKeymap({
    scopes: ['global'],
    layer: 'global',
    handlers: {
      ...paneKeys,
      quit: onQuit,
      // Help closes itself with ? and esc
      help: () => overlay?.kind !== 'help' && openOverlay({ kind: 'help' }),
      commandLine: overlay ? undefined : openCommand,
    },
  });

  const runCommand = (text: string) => {
    const cmd = parseCommand(text);
    switch (cmd.kind) {
      case 'pane':
        return show(cmd.pane);
      case 'quit':
        return onQuit();
      case 'namespace':
        api.switchNamespace(cmd.namespace);
        return setStatus(`namespace: ${cmd.namespace ?? 'all'}`, 'ok');
      case 'context':
        if (!info.contexts.includes(cmd.name)) return setStatus(`no context "${sanitize(cmd.name)}" in the kubeconfig (${info.contexts.map((c) => sanitize(c)).join(', ')})`, 'error');
        api.switchContext(cmd.name);
        return setStatus(`context: ${sanitize(cmd.name)}`, 'ok');
      case 'logs':
        return actions.openLogs?.({ namespace: cmd.namespace ?? info.namespace ?? 'default', pod: cmd.pod, container: cmd.container });
      case 'error':
        return setStatus(cmd.message, 'error');
    }
  };

  const paneHeight = Math.max(3, rows - 1 - CHROME_LINES);
  const close = closeOverlay;
  const overlayView =
    overlay?.kind === 'help' ? (
      <Help ctx={keyCtx} width={columns} height={paneHeight} onClose={close} first={paneScopes[pane]} />
    ) : overlay?.kind === 'detail' ? (
      <DetailView api={api} object={overlay.object} width={columns} height={paneHeight} onClose={close} onYaml={() => openOverlay({ kind: 'yaml', object: overlay.object, resource: overlay.resource })} />
    ) : overlay?.kind === 'yaml' ? (
      <YamlView api={api} object={overlay.object} resource={overlay.resource ?? 'pods'} width={columns} height={paneHeight} onClose={close} />
    ) : null;

  return (
    <ThemeContext.Provider value={theme}>
      <UIStateContext.Provider value={state}>
        <UIActionsContext.Provider value={actions}>
          <Box flexDirection="column" width={columns} height={rows - 1}>
            <Header info={info} readonly={readonly} problem={headerProblem(identity, Date.now())} />
            <TabsLine active={pane} badges={badges} width={columns} />
            <Box flexDirection="column" height={paneHeight} overflowY="hidden">
              {/* the pods pane stays mounted under overlays and other panes: filter, sort and marks survive */}
              <Box display={overlay || pane !== 'pods' ? 'none' : 'flex'} flexDirection="column">
                <FocusLayer id="pane:pods" level={LEVEL.pane} active={pane === 'pods'}>
                  <PodsPane api={api} width={columns} height={paneHeight} active={pane === 'pods' && !overlay} />
                </FocusLayer>
              </Box>
              {pane === 'claims' ? (
                <Box display={overlay ? 'none' : 'flex'} flexDirection="column">
                  <FocusLayer id="pane:claims" level={LEVEL.pane}>
                    <ClaimsPane api={api} width={columns} height={paneHeight} active={!overlay} />
                  </FocusLayer>
                </Box>
              ) : null}
              {/* the logs pane keeps tailing while another pane is shown */}
              {logTarget || pane === 'logs' ? (
                <Box display={overlay || pane !== 'logs' ? 'none' : 'flex'} flexDirection="column">
                  <FocusLayer id="pane:logs" level={LEVEL.pane} active={pane === 'logs'}>
                    <LogsPane api={api} target={logTarget} width={columns} height={paneHeight} active={pane === 'logs' && !overlay} />
                  </FocusLayer>
                </Box>
              ) : null}
              {pane === 'volumes' ? (
                <Box display={overlay ? 'none' : 'flex'} flexDirection="column">
                  <FocusLayer id="pane:volumes" level={LEVEL.pane}>
                    <VolumesPane api={api} width={columns} height={paneHeight} active={!overlay} />
                  </FocusLayer>
                </Box>
              ) : null}
              {pane === 'identity' ? (
                <Box display={overlay ? 'none' : 'flex'} flexDirection="column">
                  <FocusLayer id="pane:identity" level={LEVEL.pane}>
                    <IdentityPane api={api} width={columns} height={paneHeight} active={!overlay} />
                  </FocusLayer>
                </Box>
              ) : null}
              {overlayView ? (
                <FocusLayer id={OVERLAY} level={LEVEL.overlay}>
                  {overlayView}
                </FocusLayer>
              ) : (pane === 'pods' || pane === 'claims' || pane === 'logs' || pane === 'identity' || pane === 'volumes' ? null : <Placeholder pane={pane} height={paneHeight} />)}
            </Box>
            {commandOpen ? (
              <CommandLine width={columns} text={commandText} />
            ) : (
              <Footer hints={hints(keyCtx, paneScopes[pane])} status={status} width={columns} />
            )}
          </Box>
        </UIActionsContext.Provider>
      </UIStateContext.Provider>
    </ThemeContext.Provider>
  );
}
