import { describe, expect, it } from '@jest/globals';
import type { ProwJob, ProwJobState, SlackReporterConfig } from '../../../src/api/prowjob.js';
import type { SlackReporterConfigEntry } from '../../../src/config/types.js';
import { resolveSlackConfig, shouldReportToSlack, slackMessage } from '../../../src/report/slack.js';

function job(state: ProwJobState, type: ProwJob['spec']['type'] = 'postsubmit', slack?: SlackReporterConfig, org = 'acme', repo = 'widgets'): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name: 'x' },
    spec: { type, job: 'build', refs: { org, repo }, ...(slack ? { reporter_config: { slack } } : {}) },
    status: { state, url: 'https://prow.example/view/x' },
  };
}

const configs: Record<string, SlackReporterConfigEntry> = {
  '*': { job_types_to_report: ['postsubmit', 'periodic'], job_states_to_report: ['failure', 'error'], channel: 'general' },
  acme: { job_types_to_report: ['periodic'], job_states_to_report: ['failure'], channel: 'acme-channel' },
  'acme/widgets': { job_types_to_report: ['presubmit'], job_states_to_report: ['error', 'success'], channel: 'widgets', report_template: 'W {{.Spec.Job}} {{.Status.State}}' },
};

describe('slack reporter config', () => {
  it('picks org/repo, then org, then * and renders the default template', () => {
    expect(shouldReportToSlack(configs, job('success', 'presubmit'))).toBe(true);
    expect(slackMessage(configs, job('success', 'presubmit'))).toEqual({ host: '*', channel: 'widgets', text: 'W build success' });
    expect(shouldReportToSlack(configs, job('failure', 'periodic', undefined, 'acme', 'other'))).toBe(true);
    expect(shouldReportToSlack(configs, job('failure', 'postsubmit', undefined, 'acme', 'other'))).toBe(false);
    const elsewhere = job('error', 'postsubmit', undefined, 'zeta', 'z');
    expect(shouldReportToSlack(configs, elsewhere)).toBe(true);
    expect(slackMessage(configs, elsewhere)).toEqual({
      host: '*',
      channel: 'general',
      text: 'Job build of type postsubmit ended with state error. <https://prow.example/view/x|View logs>',
    });
  });

  it('reports only the configured states and types', () => {
    expect(shouldReportToSlack(configs, job('success', 'postsubmit', undefined, 'zeta', 'z'))).toBe(false);
    expect(shouldReportToSlack(configs, job('failure', 'batch', undefined, 'zeta', 'z'))).toBe(false);
    expect(shouldReportToSlack(undefined, job('failure'))).toBe(false);
  });

  it('lets a job override channel, states and template, and report whatever its type when it names a channel', () => {
    const own = job('success', 'batch', { channel: 'mine', job_states_to_report: ['success'], report_template: 'Overridden template for job {{.Spec.Job}}' }, 'zeta', 'z');
    expect(shouldReportToSlack(configs, own)).toBe(true);
    expect(slackMessage(configs, own)).toEqual({ host: '*', channel: 'mine', text: 'Overridden template for job build' });
    expect(resolveSlackConfig(configs, job('failure', 'postsubmit', { channel: 'c2' }, 'zeta', 'z'))?.job_states_to_report).toEqual(['failure', 'error']);
  });

  it('is silenced by an empty job_states_to_report or report: false on the job', () => {
    expect(shouldReportToSlack(configs, job('failure', 'postsubmit', { job_states_to_report: [] }, 'zeta', 'z'))).toBe(false);
    expect(shouldReportToSlack(configs, job('failure', 'postsubmit', { channel: 'c', job_states_to_report: [] }, 'zeta', 'z'))).toBe(false);
    expect(shouldReportToSlack(configs, job('failure', 'postsubmit', { report: false }, 'zeta', 'z'))).toBe(false);
  });

  it('fails clearly on a broken template', () => {
    const broken = job('failure', 'postsubmit', { report_template: '{{if .Spec.Job}}no end' }, 'zeta', 'z');
    expect(() => slackMessage(configs, broken)).toThrow(/missing \{\{end\}\}/);
  });
});
