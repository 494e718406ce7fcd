// `kubedeck --version` names the release, from source as well as from the bundle.
import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };

test('from source (npm start) it prints the package version', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--version'], { cwd: root, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(version);
});
