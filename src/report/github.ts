// What upstream's GitHub reporting writes, as pure functions: the commit status of a ProwJob (state, context,
// description with the base SHA tide reads back, target URL) and the one failed-tests comment per PR (parsed back
// from the bot's earlier comment, updated, recreated on a new failure, deleted when nothing fails any more).
import type { ProwJob, ProwJobState, ProwJobType } from '../api/prowjob.js';
import { LABEL_IS_OPTIONAL } from '../api/prowjob.js';
import type { GitHubReporter, Plank } from '../config/types.js';
import type { IssueComment, Status, StatusState } from '../github/types.js';
import type { GoTemplate } from './template.js';

/** The hidden marker that identifies the bot's test report comment. */
export const COMMENT_TAG = '<!-- test report -->';

export const ABOUT_THIS_BOT_WITHOUT_COMMANDS =
  'Instructions for interacting with me using PR comments are available [here](https://git.k8s.io/community/contributors/guide/pull-requests.md).  ' +
  'If you have questions or suggestions related to my behavior, please file an issue against the ' +
  '[kubernetes-sigs/prow](https://github.com/kubernetes-sigs/prow/issues/new?title=Prow%20issue:) repository.';
export const ABOUT_THIS_BOT_COMMANDS = 'I understand the commands that are listed [here](https://go.k8s.io/bot-commands).';
export const ABOUT_THIS_BOT = `${ABOUT_THIS_BOT_WITHOUT_COMMANDS} ${ABOUT_THIS_BOT_COMMANDS}`;

/** Upstream's default: report presubmits and postsubmits. */
export const DEFAULT_JOB_TYPES_TO_REPORT: readonly ProwJobType[] = ['presubmit', 'postsubmit'];

export function githubStatusState(state: ProwJobState | undefined): StatusState {
  switch (state) {
    case 'scheduling':
    case 'triggered':
    case 'pending':
      return 'pending';
    case 'success':
      return 'success';
    case 'error':
      return 'error';
    case 'failure':
    case 'aborted':
      return 'failure';
    default:
      throw new Error(`Unknown prowjob state: ${String(state)}`);
  }
}

const DESCRIPTION_MAX_BYTES = 140;
const BASE_SHA_DELIMITER = ' BaseSHA:';
const BASE_SHA_DELIMITER_DEPRECATED = ' Basesha:';
const ELIDE = ' ... ';
/** U+2001: GitHub's UI collapses ordinary spaces, so upstream pads with this one. */
const PAD = '\u2001';

const bytes = (s: string): number => Buffer.byteLength(s);

/** Converts "really long messages" into "really ... messages" (byte lengths, as Go). */
function truncate(input: string, maxLen: number): string {
  const buf = Buffer.from(input);
  if (buf.length <= maxLen) return input;
  const half = Math.trunc((maxLen - ELIDE.length) / 2);
  return buf.subarray(0, half).toString() + ELIDE + buf.subarray(buf.length - half).toString();
}

/**
 * The status description with the base SHA appended (right-aligned with U+2001 padding), exactly as upstream's
 * ContextDescriptionWithBaseSha, including how its padding loop counts bytes.
 */
export function contextDescriptionWithBaseSha(humanReadable: string, baseSha: string | undefined): string {
  let suffix = '';
  if (baseSha) {
    suffix = BASE_SHA_DELIMITER + baseSha;
    for (let i = 0; i < DESCRIPTION_MAX_BYTES - bytes(humanReadable + suffix); i++) suffix = PAD + suffix;
  }
  return truncate(humanReadable, DESCRIPTION_MAX_BYTES - bytes(suffix)) + suffix;
}

/**
 * Upstream's config.SkipRetestSentinel: in a passing status description (what `/override-sticky` writes), Tide takes
 * the context as passing for the PR's head whatever base it names, so it does not retest it when the base moves.
 */
export const SKIP_RETEST_SENTINEL = '[prow:skip-retest]';

export const isSkipRetest = (description: string): boolean => description.includes(SKIP_RETEST_SENTINEL);

/** The base SHA a status description carries, or '' (tide uses it to trust results after sinker's cleanup). */
export function baseShaFromContextDescription(description: string): string {
  for (const delim of [BASE_SHA_DELIMITER, BASE_SHA_DELIMITER_DEPRECATED]) {
    const parts = description.split(delim);
    if (parts.length === 2 && parts[1].length === 40) return parts[1];
  }
  return '';
}

/** Upstream's ShouldReport: a job type configured for GitHub reporting, and `report` not turned off. */
export function shouldReportToGitHub(pj: ProwJob, jobTypes: readonly ProwJobType[] = DEFAULT_JOB_TYPES_TO_REPORT): boolean {
  return jobTypes.includes(pj.spec.type) && pj.spec.report === true;
}

export function jobTypesToReport(cfg: GitHubReporter | undefined): readonly ProwJobType[] {
  return cfg?.job_types_to_report && cfg.job_types_to_report.length > 0 ? cfg.job_types_to_report : DEFAULT_JOB_TYPES_TO_REPORT;
}

export interface StatusUpdate {
  org: string;
  repo: string;
  sha: string;
  status: Status;
}

/** The commit status for a job, or undefined when there is nothing to report (no refs, or a batch of PRs). */
export function statusForJob(pj: ProwJob): StatusUpdate | undefined {
  const refs = pj.spec.refs;
  if (!refs || (refs.pulls?.length ?? 0) > 1) return undefined;
  const sha = refs.pulls?.[0]?.sha ?? refs.base_sha ?? '';
  return {
    org: refs.org,
    repo: refs.repo,
    sha,
    status: {
      state: githubStatusState(pj.status.state),
      description: contextDescriptionWithBaseSha(pj.status.description ?? '', refs.base_sha),
      context: pj.spec.context ?? pj.spec.job,
      target_url: pj.status.url ?? '',
    },
  };
}

/** The `report_templates` entry for the job's repo (`org/repo`, then `org`, then `*`; `report_template` is `*`). */
export function reportTemplateFor(plank: Plank | undefined, pj: ProwJob): string | undefined {
  const refs = pj.spec.refs;
  const byRepo = plank?.report_templates ?? {};
  if (refs) {
    const t = byRepo[`${refs.org}/${refs.repo}`] ?? byRepo[refs.org];
    if (t !== undefined) return t;
  }
  return byRepo['*'] ?? plank?.report_template;
}

/** One table row: `context | sha | [link](url) | required | `rerun``. */
export function commentEntry(pj: ProwJob): string {
  let required = 'unknown';
  const optional = pj.spec.type === 'presubmit' ? pj.metadata.labels?.[LABEL_IS_OPTIONAL] : undefined;
  const parsed = optional === undefined ? undefined : parseGoBool(optional);
  if (parsed !== undefined) required = String(!parsed);
  return [
    pj.spec.context ?? pj.spec.job,
    pj.spec.refs?.pulls?.[0]?.sha ?? '',
    `[link](${pj.status.url ?? ''})`,
    required,
    `\`${pj.spec.rerun_command ?? ''}\``,
  ].join(' | ');
}

function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

export interface CommentPlan {
  /** Comment ids to delete (older report comments, or the report when nothing fails). */
  deletes: number[];
  /** The rows the report should show now. */
  entries: string[];
  /** The report comment to edit in place; undefined: create a new one (when there are entries). */
  updateId?: number;
}

/**
 * Reads the bot's report comments back and decides, as upstream's parseIssueComments: rows of other contexts are
 * kept (the newest row per context), rows of the jobs reported now are replaced, and each failure becomes a new
 * row. A new failure makes a new comment (so people are notified); otherwise the last one is edited, or deleted
 * when no row is left.
 */
export function planReportComment(pjs: readonly ProwJob[], isBot: (login: string) => boolean, comments: readonly IssueComment[]): CommentPlan {
  const deletes: number[] = [];
  const previous: number[] = [];
  let latest: number | undefined;
  const entries: string[] = [];
  for (const c of comments) {
    if (!isBot(c.user.login) || !c.body.includes(COMMENT_TAG)) continue;
    if (latest !== undefined) previous.push(latest);
    latest = c.id;
    let tracking = false;
    for (const raw of c.body.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('---')) tracking = true;
      else if (line.length === 0) tracking = false;
      else if (tracking) entries.push(line);
    }
  }
  const contexts = new Set(pjs.map((pj) => pj.spec.context ?? pj.spec.job));
  const kept = entries.filter((entry, i) => {
    const name = entry.split(' | ')[0];
    const newerSameName = entries.some((other, j) => j > i && other.split(' | ')[0] === name);
    return !newerSameName && !contexts.has(name);
  });
  let newFailure = false;
  for (const pj of pjs) {
    if (pj.status.state === 'failure') {
      kept.push(commentEntry(pj));
      newFailure = true;
    }
  }
  deletes.push(...previous);
  if ((newFailure || kept.length === 0) && latest !== undefined) {
    deletes.push(latest);
    latest = undefined;
  }
  return { deletes, entries: kept, updateId: latest };
}

/** The report comment's body, as upstream's createComment. */
export function reportCommentBody(pjs: readonly ProwJob[], entries: readonly string[], template?: GoTemplate): string {
  const first = pjs[0];
  const author = first.spec.refs?.pulls?.[0]?.author ?? '';
  const plural = entries.length > 1 ? 's' : '';
  let lines =
    entries.length === 0
      ? [`@${author}: all tests **passed!**`, '']
      : [
          `@${author}: The following test${plural} **failed**, say \`/retest\` to rerun all failed tests or \`/retest-required\` to rerun all mandatory failed tests:`,
          '',
          'Test name | Commit | Details | Required | Rerun command',
          '--- | --- | --- | --- | ---',
        ];
  lines = lines.concat(entries);
  if (template) lines.push('', template.execute(first));
  lines.push('', '<details>', '', ABOUT_THIS_BOT, '</details>', COMMENT_TAG);
  return lines.join('\n');
}

/** Whether `login` is the bot (a GitHub App comments as `name[bot]`). */
export function botChecker(botLogin: string): (login: string) => boolean {
  const bare = botLogin.replace(/\[bot\]$/, '');
  return (login) => login === botLogin || login.replace(/\[bot\]$/, '') === bare;
}
