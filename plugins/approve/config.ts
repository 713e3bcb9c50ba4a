// Approve's plugins.yaml section, `approve`: a list of entries each naming the orgs and repos it applies to (the
// entry naming org/repo wins over one naming the org). Upstream's defaults: the author approves implicitly, GitHub
// reviews count, and the two links in the notifier comment.
import { checkReposOnce, entryForRepo } from '../shared/resolve.js';
import { defineSection, type PluginConfigSpec } from '../types.js';

export interface ApproveEntry {
  repos?: string[];
  issue_required?: boolean;
  require_self_approval?: boolean;
  lgtm_acts_as_approve?: boolean;
  ignore_review_state?: boolean;
  commandHelpLink?: string;
  pr_process_link?: string;
}

/** One repo's approve settings with upstream's defaults filled in. */
export interface ApproveSettings {
  issueRequired: boolean;
  /** The author's own PR counts as approved by them (unless require_self_approval). */
  selfApproval: boolean;
  lgtmActsAsApprove: boolean;
  /** GitHub reviews approve (APPROVED) and cancel (CHANGES_REQUESTED), unless ignore_review_state. */
  reviewActsAsApprove: boolean;
  commandHelpLink: string;
  prProcessLink: string;
}

export const DEFAULT_COMMAND_HELP_LINK = 'https://go.k8s.io/bot-commands';
export const DEFAULT_PR_PROCESS_LINK = 'https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process';

const bool = { type: 'boolean' };
const str = { type: 'string' };

const APPROVE = defineSection<ApproveEntry[]>({
  key: 'approve',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        repos: { type: 'array', items: str },
        issue_required: bool,
        require_self_approval: bool,
        lgtm_acts_as_approve: bool,
        ignore_review_state: bool,
        commandHelpLink: str,
        pr_process_link: str,
      },
    },
  },
  mergeable: true,
  check: (entries, report) => checkReposOnce('approve', entries, (p, m) => report.error(p, m)),
});

export function approveFor(entries: readonly ApproveEntry[] | undefined, org: string, repo: string): ApproveSettings {
  const e = entryForRepo(entries, org, repo) ?? {};
  return {
    issueRequired: e.issue_required ?? false,
    selfApproval: !(e.require_self_approval ?? false),
    lgtmActsAsApprove: e.lgtm_acts_as_approve ?? false,
    reviewActsAsApprove: !(e.ignore_review_state ?? false),
    commandHelpLink: e.commandHelpLink || DEFAULT_COMMAND_HELP_LINK,
    prProcessLink: e.pr_process_link || DEFAULT_PR_PROCESS_LINK,
  };
}

const doNot = (b: boolean): string => (b ? '' : 'do not ');
const willNot = (b: boolean): string => (b ? 'will ' : 'will not ');

export const APPROVE_CONFIG: PluginConfigSpec<ApproveSettings> = {
  sections: [APPROVE],
  resolve: (pc, { org, repo }) => approveFor(pc.approve as ApproveEntry[] | undefined, org, repo),
  describe: (s) =>
    `Pull requests ${doNot(s.issueRequired)}require an associated issue.<br>Pull request authors ${doNot(s.selfApproval)}implicitly approve their own PRs.<br>The /lgtm [cancel] command(s) ${willNot(s.lgtmActsAsApprove)}act as approval.<br>A GitHub approved or changes requested review ${willNot(s.reviewActsAsApprove)}act as approval or cancel respectively.`,
};
