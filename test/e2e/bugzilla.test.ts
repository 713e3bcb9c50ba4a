// The bugzilla plugin through the built binary: the hook's --bugzilla-endpoint and --bugzilla-api-key-path reach a
// fake Bugzilla, a PR titled `Bug 1:` gets its labels and the bug moves, a Bugzilla answering junk gets the error
// reply and a log line, the API key never shows in the logs, and each request is timed in bugzilla_request_duration.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { FakeBugzilla } from '../fakes/bugzilla/index.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { Prow, waitForComment, waitForLabel } from './harness.js';

jest.setTimeout(150_000);

const KEY = 'bz-e2e-secret-key';
const PLUGINS = {
  plugins: { acme: { plugins: ['bugzilla'] } },
  bugzilla: { default: { '*': { is_open: true, valid_states: [{ status: 'NEW' }], state_after_validation: { status: 'POST' }, add_external_link: true } } },
};

describe('bugzilla in the hook', () => {
  let gh: FakeGitHub;
  let bz: FakeBugzilla;
  let prow: Prow;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bugzilla-e2e-'));
  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice'] });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    bz = await FakeBugzilla.start({ apiKey: KEY, bugs: [{ id: 1, summary: 's', status: 'NEW', is_open: true, severity: 'medium' }] });
    writeFileSync(path.join(dir, 'bugzilla-key'), `${KEY}\n`);
    prow = await Prow.start({
      github: gh, roles: ['hook'], plugins: PLUGINS,
      flags: { 'bugzilla-endpoint': bz.url, 'bugzilla-api-key-path': path.join(dir, 'bugzilla-key'), 'bugzilla-auth-method': 'x-bugzilla-api-key', 'log-level': 'debug' },
    });
  });
  afterAll(async () => {
    await prow?.stop();
    await gh?.stop();
    await bz?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates the bug a new PR names, links the PR and moves the bug; junk from Bugzilla gets the error reply', async () => {
    const opts = { prow };
    await gh.openPullRequest('acme', 'widgets', { author: 'alice', title: 'Bug 1: fix the widget', files: { 'a.txt': 'a\n' } });
    await waitForLabel(gh, 'acme', 'widgets', 1, 'bugzilla/valid-bug', true, opts);
    await waitForLabel(gh, 'acme', 'widgets', 1, 'bugzilla/severity-medium', true, opts);
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.includes(`This pull request references [Bugzilla bug 1](${bz.url}/show_bug.cgi?id=1), which is valid. The bug has been moved to the POST state.`), opts);
    expect(bz.bug(1).status).toBe('POST');
    expect(bz.links(1).map((l) => l.id)).toEqual(['acme/widgets/pull/1']);

    bz.answerJunk = true;
    await gh.comment('acme', 'widgets', 1, 'alice', '/bugzilla refresh');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith('@alice: An error was encountered searching for bug 1 on the Bugzilla server at') && c.body.includes('the response is not JSON'), opts);
    bz.answerJunk = false;
    const logged = `${prow.stdout}${prow.stderr}`.split('\n').filter((l) => l.includes('"msg":"Unexpected error searching for Bugzilla bug."'));
    expect(logged).toEqual([expect.stringContaining('the response is not JSON')]);

    const metrics = await (await fetch(prow.url('metrics-port', '/metrics'))).text();
    expect(metrics).toMatch(/bugzilla_request_duration_count\{method="GetBug",status="200"\} [1-9]/);
    expect(`${prow.stdout}${prow.stderr}`).not.toContain(KEY);
  });
});
