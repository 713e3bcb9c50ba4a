import { describe, expect, it } from '@jest/globals';
import type { ProwJob, ProwJobState } from '../../../src/api/prowjob.js';
import type { IssueComment } from '../../../src/github/types.js';
import {
  ABOUT_THIS_BOT,
  COMMENT_TAG,
  baseShaFromContextDescription,
  botChecker,
  contextDescriptionWithBaseSha,
  planReportComment,
  reportCommentBody,
  reportTemplateFor,
  shouldReportToGitHub,
  statusForJob,
} from '../../../src/report/github.js';
import { cachedTemplate } from '../../../src/report/template.js';

const BASE = 'b'.repeat(40);

function job(context: string, state: ProwJobState, extra: Partial<ProwJob['spec']> = {}, labels: Record<string, string> = {}): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name: `${context}-id`, labels },
    spec: {
      type: 'presubmit',
      job: context,
      context,
      report: true,
      rerun_command: `/test ${context}`,
      refs: { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: BASE, pulls: [{ number: 7, author: 'alice', sha: 'abc123' }] },
      ...extra,
    },
    status: { state, url: `https://prow.example/view/${context}`, description: 'Job failed.' },
  };
}

const bot = botChecker('ci-bot');
const comment = (id: number, body: string, login = 'ci-bot'): IssueComment => ({ id, body, user: { login } as IssueComment['user'], html_url: '' });

describe('status description', () => {
  it('appends the base SHA right-aligned with U+2001, as upstream, and reads it back', () => {
    const d = contextDescriptionWithBaseSha('Job succeeded.', BASE);
    expect(d.startsWith('Job succeeded.')).toBe(true);
    expect(d.endsWith(` BaseSHA:${BASE}`)).toBe(true);
    // 140 - len("Job succeeded." + suffix) = 77 bytes to fill, 3 bytes per pad counted as the loop grows: 20 pads.
    expect(d.split('\u2001').length - 1).toBe(20);
    expect(baseShaFromContextDescription(d)).toBe(BASE);
    expect(baseShaFromContextDescription(`x Basesha:${BASE}`)).toBe(BASE);
    expect(baseShaFromContextDescription('Job succeeded.')).toBe('');
  });

  it('truncates long descriptions in the middle to fit 140 bytes', () => {
    const long = 'x'.repeat(200);
    expect(contextDescriptionWithBaseSha(long, '')).toBe(`${'x'.repeat(67)} ... ${'x'.repeat(67)}`);
    const withSha = contextDescriptionWithBaseSha(long, BASE);
    expect(Buffer.byteLength(withSha)).toBeLessThanOrEqual(140);
    expect(withSha).toContain(' ... ');
  });
});

describe('statusForJob', () => {
  it('maps states and uses the PR head, context and URL', () => {
    const s = statusForJob(job('unit', 'aborted'))!;
    expect(s).toMatchObject({ org: 'acme', repo: 'widgets', sha: 'abc123', status: { state: 'failure', context: 'unit', target_url: 'https://prow.example/view/unit' } });
    expect(statusForJob(job('unit', 'triggered'))!.status.state).toBe('pending');
    expect(statusForJob(job('unit', 'error'))!.status.state).toBe('error');
    const post = job('post', 'success', { type: 'postsubmit', refs: { org: 'acme', repo: 'widgets', base_sha: BASE } });
    expect(statusForJob(post)!.sha).toBe(BASE);
    const batch = job('b', 'success', { type: 'batch', refs: { org: 'a', repo: 'b', pulls: [{ number: 1, author: 'x', sha: '1' }, { number: 2, author: 'y', sha: '2' }] } });
    expect(statusForJob(batch)).toBeUndefined();
  });

  it('honours job types and report:false (skip_report)', () => {
    expect(shouldReportToGitHub(job('u', 'success'))).toBe(true);
    expect(shouldReportToGitHub(job('u', 'success', { report: false }))).toBe(false);
    expect(shouldReportToGitHub(job('u', 'success', { type: 'periodic' }))).toBe(false);
    expect(shouldReportToGitHub(job('u', 'success', { type: 'postsubmit' }), ['presubmit'])).toBe(false);
  });
});

describe('failed-tests comment', () => {
  it('creates the comment exactly as upstream on the first failure', () => {
    const pj = job('unit', 'failure', {}, { 'prow.k8s.io/is-optional': 'false' });
    const plan = planReportComment([pj], bot, []);
    expect(plan).toEqual({ deletes: [], entries: ['unit | abc123 | [link](https://prow.example/view/unit) | true | `/test unit`'], updateId: undefined });
    const tmpl = cachedTemplate('[Full PR test history](https://prow.example/pr-history?org={{.Spec.Refs.Org}}&repo={{.Spec.Refs.Repo}}&pr={{with index .Spec.Refs.Pulls 0}}{{.Number}}{{end}})');
    expect(reportCommentBody([pj], plan.entries, tmpl)).toBe([
      '@alice: The following test **failed**, say `/retest` to rerun all failed tests or `/retest-required` to rerun all mandatory failed tests:',
      '',
      'Test name | Commit | Details | Required | Rerun command',
      '--- | --- | --- | --- | ---',
      'unit | abc123 | [link](https://prow.example/view/unit) | true | `/test unit`',
      '',
      '[Full PR test history](https://prow.example/pr-history?org=acme&repo=widgets&pr=7)',
      '',
      '<details>',
      '',
      ABOUT_THIS_BOT,
      '</details>',
      COMMENT_TAG,
    ].join('\n'));
  });

  it('a second failure replaces the comment with one listing both (plural), a pass edits it, the last pass deletes it', () => {
    const first = reportCommentBody([job('unit', 'failure')], planReportComment([job('unit', 'failure')], bot, []).entries);
    const second = planReportComment([job('lint', 'failure')], bot, [comment(1, 'hello', 'alice'), comment(10, first)]);
    expect(second.deletes).toEqual([10]);
    expect(second.updateId).toBeUndefined();
    expect(second.entries.map((e) => e.split(' | ')[0])).toEqual(['unit', 'lint']);
    const body2 = reportCommentBody([job('lint', 'failure')], second.entries);
    expect(body2).toContain('The following tests **failed**');

    const unitPasses = planReportComment([job('unit', 'success')], bot, [comment(11, body2)]);
    expect(unitPasses).toEqual({ deletes: [], entries: [second.entries[1]], updateId: 11 });

    const body3 = reportCommentBody([job('unit', 'success')], unitPasses.entries);
    const allPass = planReportComment([job('lint', 'success')], bot, [comment(11, body3)]);
    expect(allPass).toEqual({ deletes: [11], entries: [], updateId: undefined });
  });

  it("ignores other users' comments with the marker, deletes duplicate bot reports, and knows App bots", () => {
    const body = reportCommentBody([job('unit', 'failure')], planReportComment([job('unit', 'failure')], bot, []).entries);
    const plan = planReportComment([job('other', 'success')], bot, [comment(1, body, 'mallory'), comment(2, body), comment(3, body)]);
    expect(plan.deletes).toEqual([2]);
    expect(plan.updateId).toBe(3);
    expect(botChecker('ci-app[bot]')('ci-app')).toBe(true);
    expect(botChecker('ci-app')('ci-app[bot]')).toBe(true);
    expect(botChecker('ci-app')('someone')).toBe(false);
  });

  it('says unknown for optional-ness it cannot tell and picks the report template by repo', () => {
    expect(planReportComment([job('u', 'failure')], bot, []).entries[0]).toContain('| unknown |');
    const pj = job('u', 'failure');
    expect(reportTemplateFor({ report_templates: { '*': 'all', acme: 'org', 'acme/widgets': 'repo' } }, pj)).toBe('repo');
    expect(reportTemplateFor({ report_templates: { '*': 'all', acme: 'org' } }, pj)).toBe('org');
    expect(reportTemplateFor({ report_template: 'old' }, pj)).toBe('old');
    expect(reportTemplateFor(undefined, pj)).toBeUndefined();
  });
});
