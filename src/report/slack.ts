// Slack reporting as upstream's crier slack reporter: the config for a job is `slack_reporter_configs` by
// `org/repo`, `org` or `*`, overridden field by field by the job's `reporter_config.slack`; an empty
// `job_states_to_report` on the job silences it. Messages go out through Slack's chat.postMessage.
import type { ProwJob, ProwJobState, ProwJobType, Refs, SlackReporterConfig } from '../api/prowjob.js';
import type { SlackReporterConfigEntry } from '../config/types.js';
import { cachedTemplate } from './template.js';

export const DEFAULT_SLACK_REPORT_TEMPLATE =
  'Job {{.Spec.Job}} of type {{.Spec.Type}} ended with state {{.Status.State}}. <{{.Status.URL}}|View logs>';
/** The host of the workspace `--slack-token-file` is for; entries without `host` use it. */
export const DEFAULT_SLACK_HOST = '*';
export const DEFAULT_SLACK_API = 'https://slack.com/api';

interface ResolvedSlackConfig {
  host: string;
  channel: string;
  job_states_to_report?: ProwJobState[];
  report_template: string;
  report?: boolean;
}

/** upstream's GetSlackReporter: `org/repo`, then `org`, then `*`. */
export function globalSlackConfig(configs: Record<string, SlackReporterConfigEntry> | undefined, refs: Refs | undefined): SlackReporterConfigEntry | undefined {
  if (!configs) return undefined;
  if (refs) {
    const c = configs[`${refs.org}/${refs.repo}`] ?? configs[refs.org];
    if (c) return c;
  }
  return configs['*'];
}

/** `report` as upstream derives it when unset: an explicit `job_states_to_report` list says whether to report. */
function derivedReport(c: SlackReporterConfig | undefined): boolean | undefined {
  if (!c) return undefined;
  if (c.report !== undefined) return c.report;
  return c.job_states_to_report !== undefined ? c.job_states_to_report.length > 0 : undefined;
}

function slackRefs(pj: ProwJob): Refs | undefined {
  return pj.spec.refs ?? pj.spec.extra_refs?.[0];
}

/** The job's config with the global one as defaults (upstream's ApplyDefault). */
export function resolveSlackConfig(configs: Record<string, SlackReporterConfigEntry> | undefined, pj: ProwJob): ResolvedSlackConfig | undefined {
  const global = globalSlackConfig(configs, slackRefs(pj));
  const job = pj.spec.reporter_config?.slack;
  if (!global && !job) return undefined;
  const states = job?.job_states_to_report && job.job_states_to_report.length > 0 ? job.job_states_to_report : global?.job_states_to_report;
  return {
    host: job?.host || global?.host || DEFAULT_SLACK_HOST,
    channel: job?.channel || global?.channel || '',
    job_states_to_report: states,
    report_template: job?.report_template || global?.report_template || DEFAULT_SLACK_REPORT_TEMPLATE,
    report: derivedReport(job) ?? derivedReport(global),
  };
}

/** upstream's ShouldReport: the state is one to report, and the type is configured or the job names a channel. */
export function shouldReportToSlack(configs: Record<string, SlackReporterConfigEntry> | undefined, pj: ProwJob): boolean {
  const global = globalSlackConfig(configs, slackRefs(pj));
  const types: ProwJobType[] | undefined = global?.job_types_to_report;
  const typeShouldReport = types?.includes(pj.spec.type) ?? false;
  const jobShouldReport = Boolean(pj.spec.reporter_config?.slack?.channel);
  const merged = resolveSlackConfig(configs, pj);
  if (!merged?.job_states_to_report) return false;
  if (merged.report === false) return false;
  const state = pj.status.state;
  return state !== undefined && merged.job_states_to_report.includes(state) && (typeShouldReport || jobShouldReport);
}

export interface SlackMessage {
  host: string;
  channel: string;
  text: string;
}

/** The message for a job; throws on a template that does not parse or execute. */
export function slackMessage(configs: Record<string, SlackReporterConfigEntry> | undefined, pj: ProwJob): SlackMessage {
  const c = resolveSlackConfig(configs, pj);
  if (!c) throw new Error('resolved slack config is empty');
  return { host: c.host, channel: c.channel, text: cachedTemplate(c.report_template).execute(pj) };
}

/** Posts to Slack's Web API (`chat.postMessage`), as upstream's slack client. */
export class SlackClient {
  constructor(
    private readonly token: () => string,
    private readonly apiBase: string = DEFAULT_SLACK_API,
  ) {}

  async writeMessage(text: string, channel: string, signal?: AbortSignal): Promise<void> {
    const token = this.token();
    const body = new URLSearchParams({ token, channel, text });
    const res = await fetch(`${this.apiBase.replace(/\/+$/, '')}/chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body,
      signal,
    });
    const raw = await res.text();
    let parsed: { ok?: boolean; error?: string } = {};
    try {
      parsed = JSON.parse(raw) as { ok?: boolean; error?: string };
    } catch {
      throw new Error(`slack: HTTP ${res.status}: response is not JSON`);
    }
    if (!parsed.ok) throw new Error(`slack: request failed: ${parsed.error ?? `HTTP ${res.status}`}`);
  }
}
