// Upstream's crier Slack reporter ("slackreporter"): one message per reported state, to the channel the job's
// config resolves to, through the client for its host (`*` is the workspace of --slack-token-file).
import type { ProwJob } from '../api/prowjob.js';
import type { SlackReporterConfigEntry } from '../config/types.js';
import type { Reporter } from './reporter.js';
import { shouldReportToSlack, slackMessage, type SlackClient } from './slack.js';

export const SLACK_REPORTER_NAME = 'slackreporter';

export interface SlackReporterOptions {
  /** Host → client; `*` is the default host. */
  clients: ReadonlyMap<string, Pick<SlackClient, 'writeMessage'>>;
  config(): Record<string, SlackReporterConfigEntry> | undefined;
}

export class SlackReporter implements Reporter {
  readonly name = SLACK_REPORTER_NAME;

  constructor(private readonly opts: SlackReporterOptions) {}

  shouldReport(pj: ProwJob): boolean {
    return shouldReportToSlack(this.opts.config(), pj);
  }

  async report(pj: ProwJob, signal: AbortSignal): Promise<void> {
    const msg = slackMessage(this.opts.config(), pj);
    const client = this.opts.clients.get(msg.host);
    if (!client) throw new Error(`host '${msg.host}' not supported`);
    await client.writeMessage(msg.text, msg.channel, signal);
  }
}
