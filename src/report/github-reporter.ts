// Upstream's crier GitHub reporter ("github-reporter"): the commit status for every state change of presubmits
// and postsubmits (github_reporter.job_types_to_report), then, for finished jobs on one PR, the failed-tests
// comment, with one lock per PR so concurrent workers never race on that comment.
import type { ProwJob } from '../api/prowjob.js';
import { isFinalState } from '../api/prowjob.js';
import type { GitHubReporter as GitHubReporterConfig, Plank } from '../config/types.js';
import { isNotFound } from '../github/client.js';
import type { IssueComment, Status } from '../github/types.js';
import {
  botChecker,
  jobTypesToReport,
  planReportComment,
  reportCommentBody,
  reportTemplateFor,
  shouldReportToGitHub,
  statusForJob,
} from './github.js';
import { PermanentReportError, type Reporter } from './reporter.js';
import { cachedTemplate } from './template.js';

export const GITHUB_REPORTER_NAME = 'github-reporter';

/** The GitHub calls the reporter makes (src/github's GitHubClient has them). */
export interface GitHubReportClient {
  createStatus(org: string, repo: string, sha: string, status: Status): Promise<void>;
  listIssueComments(org: string, repo: string, number: number): Promise<IssueComment[]>;
  createComment(org: string, repo: string, number: number, body: string): Promise<unknown>;
  editComment(org: string, repo: string, commentId: number, body: string): Promise<void>;
  deleteComment(org: string, repo: string, commentId: number): Promise<void>;
}

export interface GitHubReporterOptions {
  clientFor(org: string): GitHubReportClient;
  botLogin(): Promise<string>;
  config(): { github_reporter?: GitHubReporterConfig; plank?: Plank };
}

/** GitHub's answers that mean the status can never be written (upstream swallows these too). */
function isUnrecoverable(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return isNotFound(e) || msg.includes('This SHA and context has reached the maximum number of statuses') || msg.includes('No commit found for SHA');
}

export class GitHubReporter implements Reporter {
  readonly name = GITHUB_REPORTER_NAME;
  private readonly prLocks = new Map<string, Promise<void>>();

  constructor(private readonly opts: GitHubReporterOptions) {}

  shouldReport(pj: ProwJob): boolean {
    return shouldReportToGitHub(pj, jobTypesToReport(this.opts.config().github_reporter));
  }

  async report(pj: ProwJob): Promise<void> {
    const update = statusForJob(pj);
    if (!update) return;
    const gh = this.opts.clientFor(update.org);
    try {
      await gh.createStatus(update.org, update.repo, update.sha, update.status);
    } catch (e) {
      if (isUnrecoverable(e)) throw new PermanentReportError(`error setting status: ${(e as Error).message}`);
      throw new Error(`error setting status: ${(e as Error).message}`);
    }
    const refs = pj.spec.refs!;
    if (!isFinalState(pj.status.state) || refs.pulls?.length !== 1) return;
    const cfg = this.opts.config();
    const fullRepo = `${refs.org}/${refs.repo}`;
    if ((cfg.github_reporter?.no_comment_repos ?? []).some((ident) => ident === refs.org || ident === fullRepo)) return;
    const key = `${fullRepo}#${refs.pulls[0].number}`;
    await this.withLock(key, () => this.reportComment(gh, pj, cfg.plank));
  }

  private async reportComment(gh: GitHubReportClient, pj: ProwJob, plank: Plank | undefined): Promise<void> {
    const refs = pj.spec.refs!;
    const number = refs.pulls![0].number;
    const comments = await gh.listIssueComments(refs.org, refs.repo, number);
    const isBot = botChecker(await this.opts.botLogin());
    const plan = planReportComment([pj], isBot, comments);
    for (const id of plan.deletes) await gh.deleteComment(refs.org, refs.repo, id);
    if (plan.entries.length === 0) return;
    const source = reportTemplateFor(plank, pj);
    const body = reportCommentBody([pj], plan.entries, source ? cachedTemplate(source) : undefined);
    if (plan.updateId === undefined) await gh.createComment(refs.org, refs.repo, number, body);
    else await gh.editComment(refs.org, refs.repo, plan.updateId, body);
  }

  private async withLock(key: string, fn: () => Promise<void>): Promise<void> {
    const before = this.prLocks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.then(() => undefined, () => undefined);
    this.prLocks.set(key, settled);
    try {
      await run;
    } finally {
      if (this.prLocks.get(key) === settled) this.prLocks.delete(key);
    }
  }
}
