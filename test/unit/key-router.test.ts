// The key router without React: one key at a time to the top of the focus stack.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { KeyRouter, LEVEL, plainKey, splitKeys, type KeyPress } from '../../src/views/router/router.js';
import { textInputLayer } from '../../src/views/router/textInput.js';

const typed = (presses: KeyPress[]) => presses.map((p) => (p.key.return ? '⏎' : p.key.escape ? 'esc' : p.key.backspace ? '⌫' : p.input));

describe('splitKeys', () => {
  test('a burst of plain text is one key per grapheme, ⏎ and backspace named', () => {
    expect(typed(splitKeys('/web5\r', plainKey()))).toEqual(['/', 'w', 'e', 'b', '5', '⏎']);
    expect(typed(splitKeys('ab\u007Fc', plainKey()))).toEqual(['a', 'b', '⌫', 'c']);
    // a flag and an accented letter stay one key each
    expect(typed(splitKeys('🇩🇪é', plainKey()))).toEqual(['🇩🇪', 'é']);
    expect(splitKeys('AB', plainKey()).map((p) => p.key.shift)).toEqual([true, true]);
  });
  test('esc read together with a key (Alt+key to Ink) is esc, then the key', () => {
    expect(typed(splitKeys('', plainKey({ escape: true, meta: true })))).toEqual(['esc', 'esc']);
    expect(typed(splitKeys('1', plainKey({ meta: true })))).toEqual(['esc', '1']);
  });
  test('a named key or a control key is passed as Ink gave it', () => {
    const esc = plainKey({ escape: true });
    expect(splitKeys('', esc)).toEqual([{ input: '', key: esc }]);
    expect(splitKeys('c', plainKey({ ctrl: true }))).toHaveLength(1);
  });
});

function recorder() {
  const seen: string[] = [];
  const deferred: (() => void)[] = [];
  const router = new KeyRouter({ defer: (fn) => deferred.push(fn), onIgnoredPaste: (t) => seen.push(`ignored paste ${t}`) });
  router.mount('global', { level: LEVEL.global });
  const handler = (name: string, take: (p: KeyPress) => boolean = () => true) => ({
    current: (p: KeyPress) => {
      const took = take(p);
      if (took) seen.push(`${name}:${p.input || (p.key.escape ? 'esc' : p.key.return ? '⏎' : '?')}`);
      return took;
    },
  });
  /** what React would do between two keys: render, then let the router go on */
  const render = () => {
    while (deferred.length) deferred.shift()!();
  };
  return { router, seen, handler, render };
}

describe('focus stack', () => {
  test('a line opened by a key takes the next key of the same event, before any render', () => {
    const { router, seen, handler, render } = recorder();
    let text = '';
    router.mount('pane:pods', { level: LEVEL.pane });
    router.attach(
      'pane:pods',
      handler('pods', (p) => {
        if (p.input !== '/') return false;
        router.open('line:filter', textInputLayer({ onChange: (v) => (text = v), onSubmit: () => {}, onCancel: () => {} }, () => router.close('line:filter')));
        return true;
      }),
    );
    router.input('/web5', plainKey());
    render();
    expect(text).toBe('web5');
    expect(seen).toEqual(['pods:/']);
    expect(router.stack()).toEqual(['global', 'pane:pods', 'line:filter']);
    router.input('\r', plainKey({ return: true }));
    expect(router.stack()).toEqual(['global', 'pane:pods']);
  });

  test('keys wait for a level that is opened but not drawn yet, then go to it in order', () => {
    const { router, seen, handler, render } = recorder();
    router.attach('global', handler('global', (p) => p.input === '3' && (router.replace('pane:volumes', { level: LEVEL.pane }), true)));
    router.mount('pane:pods', { level: LEVEL.pane });
    router.input('3jk', plainKey());
    render();
    expect(seen).toEqual(['global:3']);
    expect(router.stack()).toEqual(['global', 'pane:volumes']);
    // the volumes pane mounts and attaches: the waiting keys arrive
    router.attach('pane:volumes', handler('volumes'));
    router.mount('pane:volumes', { level: LEVEL.pane });
    render();
    expect(seen).toEqual(['global:3', 'volumes:j', 'volumes:k']);
  });

  test('a pane passes what it does not take to the global keys; a dialog swallows it', () => {
    const { router, seen, handler, render } = recorder();
    router.attach('global', handler('global', (p) => p.input === 'q'));
    router.mount('pane:pods', { level: LEVEL.pane });
    router.attach('pane:pods', handler('pods', (p) => p.input === 'j'));
    router.input('jq', plainKey());
    render();
    expect(seen).toEqual(['pods:j', 'global:q']);
    router.mount('dialog', { level: LEVEL.dialog, modal: true });
    router.attach('dialog', handler('dialog', (p) => p.key.escape && (router.close('dialog'), true)));
    router.input('q', plainKey());
    expect(seen).toEqual(['pods:j', 'global:q']);
    // esc pops exactly one level; q then quits
    router.input('', plainKey({ escape: true }));
    router.input('q', plainKey());
    render();
    expect(seen).toEqual(['pods:j', 'global:q', 'dialog:esc', 'global:q']);
  });

  test('a paste goes to the focused line as text, and is ignored with no line', () => {
    const { router, seen, render } = recorder();
    router.mount('pane:pods', { level: LEVEL.pane });
    router.paste(':q\r');
    expect(seen).toEqual(['ignored paste :q\r']);
    render(); // the note is drawn
    let text = '';
    let submitted = false;
    router.open('line', textInputLayer({ onChange: (v) => (text = v), onSubmit: () => (submitted = true), onCancel: () => {} }, () => router.close('line')));
    router.paste('web/api-1\nsecond');
    expect(text).toBe('web/api-1 second');
    expect(submitted).toBe(false);
  });

  test('a key read after one a component took waits for that render, so each key gets its own frame', () => {
    const { router, seen, handler, render } = recorder();
    router.mount('pane:pods', { level: LEVEL.pane });
    router.attach('pane:pods', handler('pods'));
    // two reads in one turn of the event loop (the console was busy when both arrived)
    router.input('j', plainKey());
    router.input(' ', plainKey());
    expect(seen).toEqual(['pods:j']);
    render();
    expect(seen).toEqual(['pods:j', 'pods: ']);
  });

  test('a level whose component never comes does not hold the keyboard', () => {
    let now = 0;
    const seen: string[] = [];
    const router = new KeyRouter({ now: () => now, pendingLimitMs: 1000 });
    router.mount('global', { level: LEVEL.global });
    router.attach('global', { current: (p) => (seen.push(p.input), true) });
    router.open('dialog', { level: LEVEL.dialog, modal: true });
    router.input('a', plainKey());
    expect(seen).toEqual([]);
    now = 5000;
    router.input('b', plainKey());
    expect(seen).toEqual(['a', 'b']);
  });
});

test('nothing but the router subscribes to input', () => {
  const root = fileURLToPath(new URL('../../src', import.meta.url));
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
  const subscribers = files(root)
    .filter((f) => /\.tsx?$/.test(f) && readFileSync(f, 'utf8').match(/\buse(Input|Paste|StdinContext|Stdin)\s*\(/))
    .map((f) => f.slice(root.length + 1));
  expect(subscribers).toEqual(['views/router/react.tsx']);
});
