import { describe, expect, it } from '@jest/globals';
import type { Presubmit } from '../../../src/config/types.js';
import { aggregateFilter, commandFilter, filterPresubmits, presubmitFilter, retestFilter, shouldRespondWithHelp, testAllFilter } from '../../../plugins/trigger/filters.js';
import { formatResponseRaw, helpMessage, welcomeMessage } from '../../../plugins/trigger/messages.js';
import { pushBranch } from '../../../plugins/trigger/push.js';
import { triggerFor } from '../../../plugins/trigger/trust.js';
import { KNOWN_PLUGIN_NAMES, PLUGINS } from '../../../plugins/index.js';

const job = (name: string, extra: Partial<Presubmit> = {}): Presubmit => ({ name, ...extra });
const files = (...f: string[]) => async () => f;
const names = (ps: Presubmit[]) => ps.map((p) => p.name).sort();

describe('trigger filters', () => {
  const jobs = [
    job('always', { always_run: true }),
    job('docs', { run_if_changed: '^docs/' }),
    job('manual'),
    job('optional-auto', { always_run: true, optional: true }),
    job('release', { always_run: true, branches: ['release-.*'] }),
  ];

  it('/test all runs automatic jobs whose filters match, on allowed branches', async () => {
    expect(names(await filterPresubmits(testAllFilter, files('src/a.go'), 'main', jobs))).toEqual(['always', 'optional-auto']);
    expect(names(await filterPresubmits(testAllFilter, files('docs/x.md'), 'release-1', jobs))).toEqual(['always', 'docs', 'optional-auto', 'release']);
  });

  it('/test <job> forces the job; the changed files are not even read', async () => {
    let read = false;
    const lazy = async () => {
      read = true;
      return [];
    };
    expect(names(await filterPresubmits(commandFilter('/test docs'), lazy, 'main', jobs))).toEqual(['docs']);
    expect(names(await filterPresubmits(commandFilter('please\n/test manual always'), lazy, 'main', jobs))).toEqual(['always', 'manual']);
    expect(read).toBe(false);
    expect(await filterPresubmits(commandFilter('/test release'), lazy, 'main', jobs)).toEqual([]);
  });

  it('/retest: failed jobs always, never-reported automatic jobs by their filters, manual ones not', async () => {
    const f = retestFilter(new Set(['manual']), new Set(['manual', 'always']));
    expect(names(await filterPresubmits(f, files('src/a.go'), 'main', jobs))).toEqual(['manual', 'optional-auto']);
    const required = retestFilter(new Set(['optional-auto']), new Set(['optional-auto']), true);
    expect(names(await filterPresubmits(required, files('docs/a.md'), 'main', jobs))).toEqual(['always', 'docs']);
  });

  it('combines filters for a comment, and reads statuses only for /retest', async () => {
    let asked = 0;
    const contexts = async () => {
      asked++;
      return { failed: new Set<string>(), all: new Set<string>() };
    };
    const f = await presubmitFilter('/test manual\n/test all', true, contexts);
    expect(names(await filterPresubmits(f, files('src/x'), 'main', jobs))).toEqual(['always', 'manual', 'optional-auto']);
    expect(asked).toBe(0);
    await presubmitFilter('/retest', true, contexts);
    expect(asked).toBe(1);
    expect(aggregateFilter([])(jobs[0])).toEqual([false, false, false]);
    const ok = await presubmitFilter('/ok-to-test', false, contexts);
    expect(await filterPresubmits(ok, files(), 'main', jobs)).toEqual([]);
  });

  it('/test-manual-required starts required manual jobs that have not reported', async () => {
    const withRequiredManual = [...jobs, job('required-manual'), job('reported-manual')];
    const f = await presubmitFilter('/test-manual-required', true, async () => ({ failed: new Set(), all: new Set(['reported-manual']) }));
    expect(names(await filterPresubmits(f, files('src/a'), 'main', withRequiredManual))).toEqual(['manual', 'required-manual']);
  });

  it('decides when to answer with help, with upstream notes', () => {
    expect(shouldRespondWithHelp('/test', 0)).toEqual([true, '']);
    expect(shouldRespondWithHelp('/retest foo', 0)[1]).toBe('The `/retest` command does not accept any targets.\n');
    expect(shouldRespondWithHelp('/test foo', 0)[1]).toBe('The specified target(s) for `/test` were not found.\n');
    expect(shouldRespondWithHelp('/test all', 0)[1]).toBe('No jobs can be run with `/test all`.\n');
    expect(shouldRespondWithHelp('/test foo', 1)[0]).toBe(false);
    expect(shouldRespondWithHelp('/lgtm', 0)[0]).toBe(false);
  });
});

describe('trigger messages and config', () => {
  it('welcomes untrusted authors as upstream, naming a trusted org when there is one', () => {
    const m = welcomeMessage({ author: 'carol', org: 'kubernetes', repoFullName: 'kubernetes/test-infra', trustedOrg: 'kubernetes-sigs', joinOrgUrl: 'https://example.com/join' });
    expect(m).toContain('Hi @carol. Thanks for your PR.\n\nI\'m waiting for a [kubernetes](https://github.com/orgs/kubernetes/people) or [kubernetes-sigs](https://github.com/orgs/kubernetes-sigs/people) member to verify');
    expect(m).toContain('[join the org](https://example.com/join)');
    expect(m).toContain('https://go.k8s.io/bot-commands?repo=kubernetes%2Ftest-infra');
    expect(welcomeMessage({ author: 'c', org: 'o', repoFullName: 'o/r', ignoreOkToTest: true })).toContain('cannot be marked as trusted with `/ok-to-test`');
  });

  it('lists requestable jobs, and says so when there are none', () => {
    expect(helpMessage('o', 'r', 'main', '', new Set(), new Set(), new Set())).toBe('No presubmit jobs available for o/r@main');
    const m = helpMessage('o', 'r', 'main', 'note\n', new Set(['a', 'b']), new Set(['/test b']), new Set(['/test a']));
    expect(m).toBe('note\nThe following commands are available to trigger required jobs:\n* `/test a`\n\nThe following commands are available to trigger optional jobs:\n* `/test b`\n\nUse `/test all` to run all jobs.\n');
  });

  it('quotes the comment it answers', () => {
    const r = formatResponseRaw('/test foo\nplease', 'https://x/1', 'alice', 'reply');
    expect(r.startsWith('@alice: reply\n\n<details>\n\nIn response to [this](https://x/1):\n\n>/test foo\n>please\n')).toBe(true);
  });

  it('picks the repo entry over the org entry and defaults join_org_url from trusted_org', () => {
    const pc = { triggers: [{ repos: ['o'], only_org_members: true }, { repos: ['o/special'], trusted_org: 'friends' }] };
    expect(triggerFor(pc, 'o', 'any').only_org_members).toBe(true);
    expect(triggerFor(pc, 'o', 'special')).toMatchObject({ trusted_org: 'friends', join_org_url: 'https://github.com/orgs/friends/people' });
    expect(triggerFor(pc, 'other', 'x')).toEqual({});
  });

  it('names branches and tags of pushes as upstream', () => {
    expect(pushBranch('refs/heads/release-1.2')).toBe('release-1.2');
    expect(pushBranch('refs/tags/v1.0.0')).toBe('v1.0.0');
  });

  it('registers trigger with help', () => {
    expect(KNOWN_PLUGIN_NAMES).toContain('trigger');
    const help = PLUGINS.find((p) => p.name === 'trigger')?.help({}, ['o']);
    expect(help?.Commands?.map((c) => c.Usage)).toEqual(['/ok-to-test', '/test (<job name>|all)', '/retest', '/test-manual-required', '/retest-required']);
  });
});
