// The cherry-pick-approved plugin: an approving review, from one of the configured cherry-pick approvers, of a PR
// against a release branch (branchregexp) puts `cherry-pick-approved` on it and takes
// `do-not-merge/cherry-pick-not-approved` off, once the PR is otherwise ready: lgtm and approved (unless allowed
// missing), no failing status, no blocking label.
import { compileGoRegex } from '../../src/config/goregex.js';
import type { CherryPickApproved, PluginsConfig } from '../../src/config/types.js';
import {
  APPROVED, BLOCKED_PATHS, CHERRY_PICK_APPROVED, CHERRY_PICK_UNAPPROVED, CLA_NO, hasLabel, HOLD, INVALID_BUG, INVALID_OWNERS, LGTM, MERGE_COMMITS,
  NEEDS_OK_TO_TEST, NEEDS_REBASE, RELEASE_NOTE_LABEL_NEEDED, WORK_IN_PROGRESS,
} from '../shared/labels.js';
import { definePlugin } from '../types.js';
import { DEFAULT_BRANCH_RE, SECTION } from './section.js';

export const NAME = 'cherry-pick-approved';
/** Labels that keep a cherry-pick from being approved, as upstream. */
const BLOCKING = [BLOCKED_PATHS, CLA_NO, HOLD, INVALID_OWNERS, INVALID_BUG, MERGE_COMMITS, NEEDS_OK_TO_TEST, NEEDS_REBASE, RELEASE_NOTE_LABEL_NEEDED, WORK_IN_PROGRESS];

/** Upstream's lookup: the last entry naming exactly this org and repo. */
export function cherryPickApprovedFor(pc: PluginsConfig, org: string, repo: string): CherryPickApproved | undefined {
  return (pc.cherry_pick_approved ?? []).filter((e) => e.org === org && e.repo === repo).at(-1);
}

export const cherryPickApproved = definePlugin<CherryPickApproved | undefined>({
  name: NAME,
  description: `The ${NAME} plugin helps a defined set of maintainers to approve cherry-picks by using GitHub reviews`,
  config: {
    sections: [SECTION],
    resolve: (pc, { org, repo }) => cherryPickApprovedFor(pc, org, repo),
    describe: () => `The ${NAME} plugin treats PRs against branch names satisfying the \`branchregexp\` as cherry-pick PRs. There needs to be a defined \`approvers\` list for the plugin to be able to distinguish cherry-pick approvers from regular maintainers.`,
  },
  handlers: {
    async review(ctx) {
      const cfg = ctx.settings;
      const pr = ctx.event.pull_request;
      if (!cfg || (cfg.approvers ?? []).length === 0) return;
      if (!compileGoRegex(cfg.branchregexp || DEFAULT_BRANCH_RE).test(pr.base.ref)) return;
      if (ctx.action !== 'submitted' || (ctx.event.review.state ?? '').toUpperCase() !== 'APPROVED') return;
      const { org, repo, github: gh } = ctx;
      const combined = await gh.getCombinedStatus(org, repo, pr.head.sha);
      if (combined.statuses.some((s) => s.state === 'error' || s.state === 'failure')) {
        ctx.logger.info(`Skipping PR ${pr.number} because tests failed`);
        return;
      }
      const labels = await gh.getIssueLabels(org, repo, pr.number);
      const reviewer = ctx.event.review.user.login;
      if (!(cfg.approvers ?? []).includes(reviewer)) {
        ctx.logger.info(`Skipping PR ${pr.number} because user ${reviewer} is not an approver from configured list`, { approvers: cfg.approvers });
        return;
      }
      const ready = (cfg.allow_missing_lgtm_label || hasLabel(labels, LGTM)) && (cfg.allow_missing_approved_label || hasLabel(labels, APPROVED));
      if (!ready || BLOCKING.some((l) => hasLabel(labels, l))) return;
      if (!hasLabel(labels, CHERRY_PICK_APPROVED)) await gh.addLabel(org, repo, pr.number, CHERRY_PICK_APPROVED);
      if (hasLabel(labels, CHERRY_PICK_UNAPPROVED)) await gh.removeLabel(org, repo, pr.number, CHERRY_PICK_UNAPPROVED);
    },
  },
});
