// refresh (upstream's external plugin): `/refresh` on an open PR reports the status of the newest run of each of its
// presubmits at the PR's head again (the commit status and, for finished jobs, the test report comment), for when
// GitHub lost or never showed them. Upstream reads the ProwJobs from Deck's /prowjobs.js (--prow-url); here they
// come from the ProwJob store, and are reported as crier reports them.
import { LABEL_ORG, LABEL_PULL, LABEL_REPO, type ProwJob } from '../../src/api/prowjob.js';
import { latestRuns } from '../../src/api/latest.js';
import { GitHubReporter } from '../../src/report/github-reporter.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { REFRESH_NAME } from './constants.js';

const REFRESH: CommandSpec = {
  regex: /^\/refresh\s*$/im,
  usage: '/refresh',
  description: 'Refresh status contexts on a PR.',
  whoCanUse: 'Anyone',
  examples: ['/refresh'],
};

export const refresh = definePlugin({
  name: REFRESH_NAME,
  description: 'The refresh plugin is used for refreshing status contexts in PRs. Useful in case GitHub breaks down.',
  commands: [REFRESH],
  handlers: {
    issueComment: async (ctx) => {
      if (!ctx.isPR || ctx.action !== 'created' || ctx.event.issue.state === 'closed') return;
      if (ctx.matches(REFRESH).length === 0) return;
      const { org, repo } = ctx;
      const num = ctx.event.issue.number;
      ctx.logger.info('Requested a status refresh.');
      const pr = await ctx.github.getPullRequest(org, repo, num);
      const selector = `${LABEL_ORG}=${org},${LABEL_REPO}=${repo},${LABEL_PULL}=${num}`;
      const presubmits = (await ctx.store.list({ labelSelector: selector })).filter((pj: ProwJob) =>
        pj.spec.type === 'presubmit' && pj.spec.report === true && pj.spec.refs?.pulls?.[0]?.number === num && pj.spec.refs.pulls[0].sha === pr.head.sha);
      if (presubmits.length === 0) {
        ctx.logger.info('No prowjobs found.');
        return;
      }
      const reporter = new GitHubReporter({
        clientFor: () => ctx.github,
        botLogin: async () => ctx.botLogin,
        config: () => ctx.prowConfig,
        listJobs: (labelSelector) => ctx.store.list({ labelSelector }),
      });
      for (const pj of latestRuns(presubmits, 'presubmit').values()) {
        ctx.logger.info(`Refreshing the status of job "${pj.spec.job}" (pj: ${pj.metadata.name})`);
        try {
          await reporter.report(pj);
        } catch (e) {
          ctx.logger.info('Failed report.', { error: e });
        }
      }
    },
  },
});
