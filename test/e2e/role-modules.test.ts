// A process loads the implementation of only the roles it runs: roles/<name>/index.ts declares a role (name, flags,
// ports) and imports its start.ts when the role starts. Each process here runs under a resolve hook that logs every
// module it loads (test/support/module-log.mjs).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES } from '../../roles/index.js';
import { REPO_ROOT } from './binary.js';
import { Prow } from './harness.js';

const DIST = `${pathToFileURL(path.join(REPO_ROOT, 'dist')).href}/`;
const LOADER = path.join(REPO_ROOT, 'test', 'support', 'module-log.mjs');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'prow-modules-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The modules (paths under dist/) a prow running these roles had loaded once it was ready. */
async function modulesLoadedBy(roles: string[]): Promise<string[]> {
  const log = path.join(tmp, `${roles.join('+')}.log`);
  const prow = await Prow.start({ roles, env: { NODE_OPTIONS: `--import=${LOADER}`, PROW_MODULE_LOG: log } });
  try {
    const urls = (await readFile(log, 'utf8')).split('\n');
    return [...new Set(urls.filter((u) => u.startsWith(DIST)).map((u) => u.slice(DIST.length)))].sort();
  } finally {
    await prow.stop();
  }
}

/** What a role folder declares the role with: index.ts, and flags.ts where it has flags the code beside it reads. */
const DECLARATION = new Set(['index.js', 'flags.js']);

/** The modules of a role's folder besides its declaration, by role name. */
function implementations(modules: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of modules) {
    const [top, role, ...rest] = m.split('/');
    if (top !== 'roles' || rest.length === 0 || DECLARATION.has(rest.join('/'))) continue;
    out.set(role!, [...(out.get(role!) ?? []), m]);
  }
  return out;
}

describe('modules a role process loads', () => {
  it('--role=hook loads no other role, no job executor and no subcommand\'s implementation', async () => {
    const modules = await modulesLoadedBy(['hook']);
    expect([...implementations(modules).keys()]).toEqual(['hook']);
    expect(modules).toContain('roles/hook/start.js');
    // The pod utilities' flag lists are part of their subcommands' declarations.
    expect(modules.filter((m) => m.startsWith('src/executor/'))).toEqual(['src/executor/podutils/flags.js']);
    // Every subcommand is declared (src/cli/commands/<name>.js) and none is implemented (src/cli/<name>[/index].js).
    const declared = modules.filter((m) => m.startsWith('src/cli/commands/')).map((m) => path.basename(m, '.js'));
    expect(declared).toContain('mkpj');
    expect(modules.filter((m) => declared.some((n) => m === `src/cli/${n}.js` || m === `src/cli/${n}/index.js`))).toEqual([]);
  });

  it('--role=tide loads tide and no other role', async () => {
    const modules = await modulesLoadedBy(['tide']);
    expect([...implementations(modules).keys()]).toEqual(['tide']);
    expect(modules).toContain('roles/tide/start.js');
  });

  it('--role=all loads every role it runs', async () => {
    const modules = await modulesLoadedBy(['all']);
    const expected = ROLES.filter((r) => r.inAll !== false).map((r) => r.name).sort();
    expect([...implementations(modules).keys()].sort()).toEqual(expected);
    for (const name of expected) expect(modules).toContain(`roles/${name}/start.js`);
    expect(modules).toContain('src/executor/local.js');
  });
});
