import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { Box } from 'ink';
import type { ConsoleApi, KubeObject, SessionInfo } from '../k8s/types.js';
import type { NamedResource } from '../state/resolve.js';
import { RESOURCES } from './panes/resources/id.js';
import { sanitize } from '../state/sanitize.js';
import { headerProblem } from '../state/identity.js';
import type { IdentityState } from '../k8s/identity.js';
import { buildKeyTable, KeyTableContext, useKeyTable, type KeyRemap } from './bindings.js';
import { Footer, footerRows, Header, TabsLine, type Badge } from './Chrome.js';
import { CommandLine, completeCommand, parseCommand, type PaneId } from './CommandLine.js';
import { namespaceCandidates } from '../state/nsnames.js';
import { FilterMemoryContext, UIActionsContext, UIStateContext, type LogsTarget, type Status, type StatusTone, type UIActions, type UIState } from './context.js';
import { DetailView } from './DetailView.js';
import { Help } from './Help.js';
import { useAccess } from './hooks/useAccess.js';
import { useClock } from './hooks/useClock.js';
import { useIdentity } from './hooks/useIdentity.js';
import { useInfo } from './hooks/useInfo.js';
import { useKeymap, type Handlers } from './hooks/useKeymap.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { hints, type KeyContext } from './keys.js';
import { panes as registry, type PaneDef } from './panes/registry.js';
import { ContextPicker } from './ContextPicker.js';
import { FocusLayer, LEVEL, RouterContext, useRootInput, useRouter } from './router/react.js';
import { KeyRouter } from './router/router.js';
import { textInputLayer } from './router/textInput.js';
import { ThemeContext, colorsFromEnv, makeTheme } from './theme.js';
import { YamlView } from './YamlView.js';
import { WhyPanel } from './why/WhyPanel.js';
import type { WhyKind } from '../k8s/why.js';

export type { PaneId } from './CommandLine.js';

/** What outlives one session's console (a `:ns` or `:ctx` switch starts a new one). */
export interface ConsoleMemory {
  pane?: PaneId;
  /** list filters by list id */
  filters: Record<string, string>;
}

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
  /** the panes; the registry's by default */
  panes?: readonly PaneDef[];
  /** the config file's `keys:` (validated before the console starts) */
  keys?: KeyRemap;
  /** pane and filters kept across a namespace or context switch */
  memory?: ConsoleMemory;
}

type Overlay =
  | { kind: 'help' }
  | { kind: 'detail'; object: KubeObject; resource?: string }
  | { kind: 'yaml'; object: KubeObject; resource?: string }
  | { kind: 'why'; object: KubeObject; what: WhyKind }
  | { kind: 'contexts' }
  | null;

/** header, tabs and footer take one line each; a frame that reaches the last row makes Ink redraw all */
const CHROME_LINES = 3;

const OVERLAY = 'overlay';
const COMMAND_LINE = 'line:command';

/** the header with the identity problem as of now (a token's expiry counts down) */
function HeaderLine({ info, readonly, identity }: { info: SessionInfo; readonly: boolean; identity: IdentityState }) {
  // the time shows only in "token expired 3m ago", after a 401
  const now = useClock(1000, identity.review.error?.status === 401);
  return <Header info={info} readonly={readonly} problem={headerProblem(identity, now)} />;
}

/** the pane shown, for the next console after a switch */
function remember(memory: ConsoleMemory | undefined, pane: PaneId): void {
  if (memory) memory.pane = pane;
}

/** The console with its key router: the one input subscription and the focus stack. */
export function App(props: AppProps) {
  const panes = props.panes ?? registry;
  const initialPane = props.memory?.pane ?? props.initialPane ?? panes[0]!.id;
  // the focus stack starts with the global keys and the first pane
  const [router] = useState(() => {
    const r = new KeyRouter({ defer: (fn) => setImmediate(fn) });
    r.mount('global', { level: LEVEL.global });
    r.open(`pane:${initialPane}`, { level: LEVEL.pane });
    return r;
  });
  useRootInput(router);
  const table = useMemo(() => buildKeyTable(panes, props.keys), [panes, props.keys]);
  return (
    <RouterContext.Provider value={router}>
      <KeyTableContext.Provider value={table}>
        <Console {...props} panes={panes} initialPane={initialPane} />
      </KeyTableContext.Provider>
    </RouterContext.Provider>
  );
}

function Console({ api, panes = registry, initialPane = 'pods', readonly: readonlyFlag = false, onQuit, colors, notice, memory }: AppProps) {
  const router = useRouter();
  const table = useKeyTable();
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
  const [commandHint, setCommandHint] = useState('');
  // a status message belongs to the pane it was said on
  const [statuses, setStatuses] = useState<Record<PaneId, Status>>({});
  const [logTarget, setLogTarget] = useState<LogsTarget | null>(null);
  const [resourceTarget, setResourceTarget] = useState<NamedResource | null>(null);
  const def = panes.find((p) => p.id === pane) ?? panes[0]!;

  // the watches behind the panes start with the console, so their health shows at once
  const badges = useMemo<Badge[]>(
    () =>
      panes.flatMap((p) => {
        const b = p.badge?.(api, { resourceTarget });
        return b ? [{ ...b, pane: p.id }] : [];
      }),
    [api, panes, resourceTarget],
  );
  const keyCtx = useMemo<KeyContext>(() => ({ readonly, ...access }), [readonly, access]);
  const state = useMemo<UIState>(() => ({ info, keyCtx, logTarget, resourceTarget }), [info, keyCtx, logTarget, resourceTarget]);
  const statusFor = useCallback((id: PaneId) => (text: string, tone: StatusTone = 'normal') => setStatuses((s) => ({ ...s, [id]: { text, tone } })), []);
  const current = () => router.current(LEVEL.pane)?.slice('pane:'.length) ?? pane;
  const setStatus = (text: string, tone: StatusTone = 'normal') => statusFor(current())(text, tone);

  // focus moves now, in the router, so the next key of the same burst already goes there
  const openOverlay = (next: Overlay) => {
    router.open(OVERLAY, { level: LEVEL.overlay, modal: next?.kind === 'contexts' });
    setOverlay(next);
  };
  const closeOverlay = () => {
    router.close(OVERLAY);
    setOverlay(null);
  };
  const show = (next: PaneId) => {
    router.replace(`pane:${next}`, { level: LEVEL.pane });
    closeOverlay();
    setPane(next);
    remember(memory, next);
  };

  // every pane gets actions whose status messages are its own
  const actionsFor = (id: PaneId): UIActions => ({
    setStatus: statusFor(id),
    openDetail: (object, resource) => openOverlay({ kind: 'detail', object, resource }),
    openYaml: (object, resource) => openOverlay({ kind: 'yaml', object, resource }),
    openWhy: (object, what) => openOverlay({ kind: 'why', object, what }),
    openLogs: (target) => {
      setLogTarget(target);
      show('logs');
    },
    openResource: (target) => {
      setResourceTarget(target);
      show(RESOURCES);
    },
    // where you came from (the router keeps the pane a switch closed)
    back: () => show(router.previous(LEVEL.pane)?.slice('pane:'.length) ?? panes[0]!.id),
  });
  const actions = actionsFor(pane);

  useLayoutEffect(() => {
    router.onIgnoredPaste(() => statusFor(current())('paste ignored: no line open (/ filter, : command)', 'warn'));
  });

  useEffect(() => {
    if (notice) statusFor(pane)(sanitize(notice), 'error');
    // the pane at the time the notice came
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [notice, statusFor]);

  const openCommand = () => {
    setCommandText('');
    setCommandHint('');
    // :ns completes over the listed namespaces, else the kubeconfig's and those seen
    let namespaces: string[] = [];
    const fallback = () => namespaceCandidates(undefined, { kubeconfig: info.kubeconfigNamespace, visible: info.visibleNamespaces, seen: [api.pods.list()] });
    void api.namespaces().then(
      (names) => void (namespaces = names ? [...names] : fallback()),
      () => void (namespaces = fallback()),
    );
    const complete = (text: string) => {
      // Tab before the list arrived: what the session has seen
      if (!namespaces.length) namespaces = fallback();
      const { text: done, candidates } = completeCommand(text, panes, { contexts: info.contexts, namespaces });
      setCommandHint(candidates.length > 1 ? candidates.slice(0, 12).join(' ') : '');
      return done;
    };
    router.open(
      COMMAND_LINE,
      textInputLayer({ onChange: setCommandText, onSubmit: runCommand, onCancel: () => {}, backspaceCancels: true, complete }, () => {
        router.close(COMMAND_LINE);
        setCommandOpen(false);
      }),
    );
    setCommandOpen(true);
  };
  const paneKeys: Handlers = Object.fromEntries(panes.map((p) => [`pane:${p.id}`, () => show(p.id)]));
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

  const switchContext = (name: string) => {
    if (!info.contexts.includes(name)) return setStatus(`no context "${sanitize(name)}" in the kubeconfig (${info.contexts.map((c) => sanitize(c)).join(', ')})`, 'error');
    api.switchContext(name);
    setStatus(`context: ${sanitize(name)}`, 'ok');
  };
  const runCommand = (text: string) => {
    const cmd = parseCommand(text, panes);
    switch (cmd.kind) {
      case 'pane':
        return show(cmd.pane);
      case 'quit':
        return onQuit();
      case 'namespace':
        return switchNamespace(cmd.namespace);
      case 'context':
        return switchContext(cmd.name);
      case 'contexts':
        return openOverlay({ kind: 'contexts' });
      case 'logs':
        return actions.openLogs?.({ namespace: cmd.namespace ?? info.namespace ?? 'default', pod: cmd.pod, container: cmd.container });
      case 'resource':
        // any name discovery knows: a built-in kind, a CRD's plural or short name, GROUP/RESOURCE
        if (!api.tables || !panes.some((p) => p.id === RESOURCES)) return setStatus(`unknown command ":${sanitize(cmd.typed)}"`, 'error');
        {
          // known now: switch at once, so the rest of a pasted or fast-typed line goes to the new pane
          const known = api.tables.find(cmd.typed);
          if (known.ok) return actions.openResource?.(known.resource);
        }
        return void api.tables.resolve(cmd.typed).then(
          (r) => (r.ok ? actions.openResource?.(r.resource) : setStatus(sanitize(r.message), 'error')),
          (err: unknown) => setStatus(`cannot look up ${sanitize(cmd.typed)}: ${sanitize(String((err as Error)?.message ?? err))}`, 'error'),
        );
      case 'error':
        return setStatus(cmd.message, 'error');
    }
  };
  const switchNamespace = (ns: string | null) => {
    // when the namespaces can be listed, a name that is not there is refused
    void api.namespaces().then(
      (names) => {
        if (ns !== null && names && !names.includes(ns)) return setStatus(`namespace "${sanitize(ns)}" does not exist (${names.length} namespaces; :ns all for every one)`, 'error');
        api.switchNamespace(ns);
        setStatus(`namespace: ${ns ?? 'all'}`, 'ok');
      },
      () => api.switchNamespace(ns),
    );
  };

  const footerHints = hints(keyCtx, def.scopesNow?.({ resourceTarget }) ?? def.scopes, table.bindings);
  const status = statuses[pane] ?? null;
  // a long status message takes lines of its own under the pane (wrapped, not cut)
  const paneHeight = Math.max(3, rows - 1 - CHROME_LINES - (footerRows(footerHints, status, columns) - 1));
  const overlayView =
    overlay?.kind === 'help' ? (
      <Help ctx={keyCtx} width={columns} height={paneHeight} onClose={closeOverlay} first={def.scopes} />
    ) : overlay?.kind === 'detail' ? (
      <DetailView api={api} object={overlay.object} width={columns} height={paneHeight} onClose={closeOverlay} onYaml={() => openOverlay({ kind: 'yaml', object: overlay.object, resource: overlay.resource })} />
    ) : overlay?.kind === 'why' ? (
      <WhyPanel api={api} kind={overlay.what} object={overlay.object} width={columns} height={paneHeight} onClose={closeOverlay} />
    ) : overlay?.kind === 'yaml' ? (
      <YamlView api={api} object={overlay.object} resource={overlay.resource ?? 'pods'} width={columns} height={paneHeight} onClose={closeOverlay} />
    ) : overlay?.kind === 'contexts' ? (
      <ContextPicker
        contexts={info.contexts}
        current={info.context}
        width={columns}
        onPick={(name) => {
          closeOverlay();
          if (name !== info.context) switchContext(name);
        }}
        onCancel={closeOverlay}
      />
    ) : null;

  return (
    <ThemeContext.Provider value={theme}>
      <FilterMemoryContext.Provider value={memory?.filters ?? null}>
      <UIStateContext.Provider value={state}>
        <UIActionsContext.Provider value={actions}>
          <Box flexDirection="column" width={columns} height={rows - 1}>
            <HeaderLine info={info} readonly={readonly} identity={identity} />
            {/* a new set of badges (a resource chosen in pane 6) is a new set of store subscriptions */}
            <TabsLine key={badges.map((b) => b.name).join(' ')} panes={panes} active={pane} badges={badges} width={columns} />
            <Box flexDirection="column" height={paneHeight} overflowY="hidden">
              {panes.map((p) => {
                const shown = p.id === pane;
                if (!shown && !p.keepMounted?.(state)) return null;
                const Pane = p.component;
                return (
                  // a pane kept mounted under overlays and other panes keeps its filter, sort and marks
                  <Box key={p.id} display={overlay || !shown ? 'none' : 'flex'} flexDirection="column">
                    <FocusLayer id={`pane:${p.id}`} level={LEVEL.pane} active={shown}>
                      <UIActionsContext.Provider value={p.id === pane ? actions : actionsFor(p.id)}>
                        <Pane api={api} width={columns} height={paneHeight} active={shown && !overlay} />
                      </UIActionsContext.Provider>
                    </FocusLayer>
                  </Box>
                );
              })}
              {overlayView ? (
                <FocusLayer id={OVERLAY} level={LEVEL.overlay} modal={overlay?.kind === 'contexts'}>
                  {overlayView}
                </FocusLayer>
              ) : null}
            </Box>
            {commandOpen ? (
              <CommandLine width={columns} text={commandText} hint={commandHint} />
            ) : (
              <Footer hints={footerHints} status={status} width={columns} />
            )}
          </Box>
        </UIActionsContext.Provider>
      </UIStateContext.Provider>
      </FilterMemoryContext.Provider>
    </ThemeContext.Provider>
  );
}
