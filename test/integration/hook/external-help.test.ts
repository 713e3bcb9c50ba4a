// The hook's plugin help asks each external plugin for its own, as upstream does (POST <endpoint>/help with the
// enabled repos), against real HTTP servers standing in for external plugins: one that answers, one that is down,
// one that answers junk, one whose JSON is not a PluginHelp, one that never answers. Only the good one is shown;
// each of the others is logged and left out, and the page (and Deck's pages made from it) is still built.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { buildHelp, checkPluginHelp } from '../../../plugins/help.js';
import { PLUGINS } from '../../../plugins/index.js';
import { startTestDeck } from '../../unit/deck/harness.js';

interface Seen { method: string; url: string; body: string }

function serve(answer: (res: http.ServerResponse) => void, seen: Seen[]): Promise<http.Server> {
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      answer(res);
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}
const base = (s: http.Server): string => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

const GOOD = {
  Description: 'Says hello.',
  Config: { 'org/repo': 'Greets everyone.' },
  Events: ['issue_comment', 'pull_request'],
  Commands: [{ Usage: '/hello', Featured: false, Description: 'Says hello.', Examples: ['/hello'], WhoCanUse: 'Anyone' }],
};

describe('external plugins in the hook\'s plugin help', () => {
  const seen: Seen[] = [];
  const servers: http.Server[] = [];
  let good: string; let junk: string; let wrongShape: string; let failing: string; let silent: string; let down: string;
  const logged = new PassThrough();
  let log = '';
  logged.on('data', (c: Buffer) => { log += c.toString(); });

  beforeAll(async () => {
    const add = async (answer: (res: http.ServerResponse) => void): Promise<string> => {
      const s = await serve(answer, seen);
      servers.push(s);
      return base(s);
    };
    good = await add((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(GOOD)));
    junk = await add((res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>'));
    wrongShape = await add((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Commands: 'x' })));
    failing = await add((res) => res.writeHead(500).end('boom'));
    silent = await add(() => undefined);
    // A port that was listening and is closed again: connections are refused.
    const gone = await serve(() => undefined, seen);
    down = base(gone);
    await new Promise((r) => gone.close(r));
  });
  afterAll(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('shows the help of the plugin that answers and leaves out, with a log line each, the ones that do not', async () => {
    const help = await buildHelp(PLUGINS, {
      plugins: { org: { plugins: ['size'] } },
      external_plugins: {
        org: [{ name: 'hello', endpoint: `${good}/`, events: ['issue_comment'] }, { name: 'junk', endpoint: junk }],
        'org/repo': [{ name: 'hello', endpoint: `${good}/`, events: ['issue_comment'] }, { name: 'wrong-shape', endpoint: wrongShape }, { name: 'failing', endpoint: failing },
          { name: 'silent', endpoint: silent }, { name: 'down', endpoint: down }],
      },
      // Roomy: the good one answers well within it even on a loaded machine; the silent one never does.
    }, createRootLogger({ stream: logged }), { externalTimeoutMs: 2_000 });

    expect(Object.keys(help.ExternalPluginHelp)).toEqual(['hello']);
    // The events are the ones hook forwards to it, as upstream.
    expect(help.ExternalPluginHelp.hello).toEqual({ ...GOOD, Events: ['issue_comment'] });
    expect(help.PluginHelp.size?.Description.length).toBeGreaterThan(0);
    expect(help.RepoExternalPlugins).toEqual({ org: ['hello', 'junk'], 'org/repo': ['hello', 'wrong-shape', 'failing', 'silent', 'down'] });
    expect(help.AllRepos).toEqual(['org', 'org/repo']);

    const asked = seen.find((s) => s.body.includes('"Org"') && s.url === '/help' && s.body.includes('"Repo":"repo"'));
    expect(asked?.method).toBe('POST');
    expect(JSON.parse(asked?.body ?? '[]')).toEqual([{ Org: 'org', Repo: '' }, { Org: 'org', Repo: 'repo' }]);

    const errors = log.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; plugin: string; error: string });
    const why = Object.fromEntries(errors.map((e) => [e.plugin, e.error]));
    expect(Object.keys(why).sort()).toEqual(['down', 'failing', 'junk', 'silent', 'wrong-shape']);
    expect(why.junk).toMatch(/not JSON/);
    expect(why['wrong-shape']).toMatch(/no Description/);
    expect(why.failing).toMatch(/answered 500/);
    expect(why.down).toMatch(/ECONNREFUSED/);
    expect(errors.map((e) => e.msg)).toContain('Getting help from external plugin "down".');
  });

  it('takes the help of a plugin served in this process without asking its endpoint', async () => {
    const before = seen.length;
    const help = await buildHelp([], { external_plugins: { org: [{ name: 'local', endpoint: down }, { name: 'broken', endpoint: good }] } },
      createRootLogger({ stream: new PassThrough() }), {
        localHelp: (name) => (name === 'local' ? () => ({ Description: 'In this process.' }) : name === 'broken' ? () => { throw new Error('no help'); } : undefined),
      });
    expect(help.ExternalPluginHelp).toEqual({ local: { Description: 'In this process.' } });
    expect(seen.length).toBe(before);
  });

  it('shows on Deck\'s plugin and command pages', async () => {
    const deck = await startTestDeck({ settings: { pluginHelp: {
      get: () => buildHelp([], { external_plugins: { 'org/repo': [{ name: 'hello', endpoint: good }, { name: 'down', endpoint: down }] } }, createRootLogger({ stream: new PassThrough() })),
    } } });
    try {
      const plugins = await (await fetch(`${deck.url}/plugins`)).text();
      expect(plugins).toContain('hello <small>(external)</small>');
      expect(plugins).toContain('Says hello.');
      expect(plugins).not.toContain('id="down"');
      const commands = await (await fetch(`${deck.url}/command-help?repo=org/repo`)).text();
      expect(commands).toContain('/hello');
    } finally {
      await deck.stop();
    }
  });

  it('accepts upstream\'s JSON for a PluginHelp (null lists, commands without optional fields) and refuses what is not one', () => {
    expect(checkPluginHelp({ Description: 'd', Config: null, Events: null, Commands: [{ Usage: '/x', Description: 'x', Examples: null }] }))
      .toEqual({ Description: 'd', Commands: [{ Usage: '/x', Featured: false, Description: 'x', Examples: [], WhoCanUse: '' }] });
    expect(() => checkPluginHelp([])).toThrow(/not a JSON object/);
    expect(() => checkPluginHelp({ Description: 'd', Config: { a: 1 } })).toThrow(/Config/);
    expect(() => checkPluginHelp({ Description: 'd', Events: [1] })).toThrow(/Events/);
    expect(() => checkPluginHelp({ Description: 'd', Commands: [{ Usage: '/x' }] })).toThrow(/Usage or Description/);
  });
});
