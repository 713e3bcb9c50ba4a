// Upstream's crier GitHub reporter ("github-reporter"): the commit status for every state change of presubmits
// and postsubmits (github_reporter.job_types_to_report), then, for finished jobs on one PR, the failed-tests
// comment, with one lock per PR so concurrent workers never race on that comment.
import type { ProwJob } from '../api/prowjob.js';
import { isFinalState, LABEL_ORG, LABEL_PULL, LABEL_REPO } from '../api/prowjob.js';
import type { GitHubReporter as GitHubReporterConfig, Plank } from '../config/types.js';
import { isNotFound } from '../github/client.js';
import type { CombinedStatus, IssueComment, Status } from '../github/types.js';
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
  getCombinedStatus(org: string, repo: string, ref: string): Promise<CombinedStatus>;
  listIssueComments(org: string, repo: string, number: number): Promise<IssueComment[]>;
  createComment(org: string, repo: string, number: number, body: string): Promise<unknown>;
  editComment(org: string, repo: string, commentId: number, body: string): Promise<void>;
  deleteComment(org: string, repo: string, commentId: number): Promise<void>;
}

export interface GitHubReporterOptions {
  clientFor(org: string): GitHubReportClient;
  botLogin(): Promise<string>;
  config(): { github_reporter?: GitHubReporterConfig; plank?: Plank };
  /** ProwJobs by label selector (the store), for github_reporter.summary_comment_repos. */
  listJobs(labelSelector: string): Promise<ProwJob[]>;
}

/** Gerrit jobs carry this label; the GitHub reporter leaves them alone, as upstream. */
const GERRIT_REPORT_LABEL = 'prow.k8s.io/gerrit-report-label';

/** GitHub's answers that mean the status can never be written (upstream swallows these too). */
function isUnrecoverable(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return isNotFound(e) || msg.includes('This SHA and context has reached the maximum number of statuses') || msg.includes('No commit found for SHA');
}

/** Creation order; creationTimestamp has whole seconds, so the start time breaks ties. */
function newer(a: ProwJob, b: ProwJob): boolean {
  const t = (s: string | undefined): number => Date.parse(s ?? '') || 0;
  const byCreation = t(a.metadata.creationTimestamp) - t(b.metadata.creationTimestamp);
  return byCreation !== 0 ? byCreation > 0 : t(a.status.startTime) > t(b.status.startTime);
}

/** Whether the commit's latest status for this context is exactly `status` already (false when GitHub cannot say). */
async function statusAlreadySet(gh: GitHubReportClient, org: string, repo: string, sha: string, status: Status): Promise<boolean> {
  const combined = await gh.getCombinedStatus(org, repo, sha).catch(() => undefined);
  const current = combined?.statuses.find((s) => s.context === status.context);
  return current !== undefined && current.state === status.state
    && (current.description ?? '') === (status.description ?? '') && (current.target_url ?? '') === (status.target_url ?? '');
}

export class GitHubReporter implements Reporter {
  readonly name = GITHUB_REPORTER_NAME;
  private readonly prLocks = new Map<string, Promise<void>>();

  constructor(private readonly opts: GitHubReporterOptions) {}

  /**
   * As upstream, the reporter takes every reported presubmit and postsubmit; job types left out of
   * github_reporter.job_types_to_report are then recorded as reported without writing anything.
   */
  shouldReport(pj: ProwJob): boolean {
    return pj.spec.report === true && (pj.spec.type === 'presubmit' || pj.spec.type === 'postsubmit') && !pj.metadata.labels?.[GERRIT_REPORT_LABEL];
  }

  async report(pj: ProwJob, _signal?: AbortSignal, resumed = false): Promise<void> {
    const types = jobTypesToReport(this.opts.config().github_reporter);
    if (!shouldReportToGitHub(pj, types)) return;
    const update = statusForJob(pj);
    if (!update) return;
    const gh = this.opts.clientFor(update.org);
    try {
      if (!(resumed && (await statusAlreadySet(gh, update.org, update.repo, update.sha, update.status)))) {
        await gh.createStatus(update.org, update.repo, update.sha, update.status);
      }
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
    await this.withLock(key, async () => {
      const summary = (cfg.github_reporter?.summary_comment_repos ?? []).some((ident) => ident === refs.org || ident === fullRepo);
      const pjs = summary ? await this.summaryJobs(pj) : [pj];
      const valid = pjs.filter((j) => shouldReportToGitHub(j, types) && isFinalState(j.status.state));
      if (valid.length === 0) return;
      await this.reportComment(gh, valid, cfg.plank, summary);
    });
  }

  /**
   * summary_comment_repos: every ProwJob of the PR, the newest run of each job, once none is still running
   * (upstream's pjsToReport); empty while any job runs, so the summary waits for the last one.
   */
  private async summaryJobs(pj: ProwJob): Promise<ProwJob[]> {
    const labels = pj.metadata.labels ?? {};
    const selector = [LABEL_ORG, LABEL_REPO, LABEL_PULL].map((l) => `${l}=${labels[l] ?? ''}`).join(',');
    const latest = new Map<string, ProwJob>();
    for (const j of await this.opts.listJobs(selector)) {
      if (!isFinalState(j.status.state)) return [];
      if (!j.spec.report) continue;
      const cur = latest.get(j.spec.job);
      if (!cur || newer(j, cur)) latest.set(j.spec.job, j);
    }
    return [...latest.values()];
  }

  private async reportComment(gh: GitHubReportClient, pjs: ProwJob[], plank: Plank | undefined, mustCreate: boolean): Promise<void> {
    const refs = pjs[0].spec.refs!;
    if (refs.pulls?.length !== 1) return;
    const number = refs.pulls[0].number;
    const comments = await gh.listIssueComments(refs.org, refs.repo, number);
    const isBot = botChecker(await this.opts.botLogin());
    const plan = planReportComment(pjs, isBot, comments);
    for (const id of plan.deletes) await gh.deleteComment(refs.org, refs.repo, id);
    // A push while jobs ran aborts them: then "all tests passed" would be wrong.
    const aborted = pjs.some((j) => j.status.state === 'aborted');
    if (plan.entries.length === 0 && !(mustCreate && !aborted)) return;
    const source = reportTemplateFor(plank, pjs[0]);
    const body = reportCommentBody(pjs, plan.entries, source ? cachedTemplate(source) : undefined);
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
