// Pull request events: run the presubmits for new, reopened, updated and ready PRs from trusted authors; welcome
// untrusted authors with needs-ok-to-test.
import type { PullRequestEvent } from '../../src/github/events.js';
import type { PullRequest } from '../../src/github/types.js';
import type { PluginAgent } from '../types.js';
import { filterPresubmits, testAllFilter } from './filters.js';
import { LABEL_LGTM, LABEL_NEEDS_OK_TO_TEST, welcomeMessage } from './messages.js';
import { presubmitsFor, runRequested } from './run.js';
import { hasLabel, triggerFor, trustedPullRequest, trustedUser } from './trust.js';

export async function handlePullRequest(agent: PluginAgent, ev: PullRequestEvent & { guid: string }): Promise<void> {
  const pr = ev.pull_request;
  const org = pr.base.repo.owner.login;
  const repo = pr.base.repo.name;
  const author = pr.user.login;
  const t = triggerFor(agent.pluginConfig, org, repo);
  const gh = agent.github;

  const buildAllIfTrusted = async (): Promise<void> => {
    // An untrusted author was asked for /ok-to-test when the PR was opened; no need to ask again.
    const { trusted, labels } = await trustedPullRequest(gh, t, author, org, repo, pr.number);
    if (!trusted) return;
    if (labels && hasLabel(labels, LABEL_NEEDS_OK_TO_TEST)) await gh.removeLabel(org, repo, pr.number, LABEL_NEEDS_OK_TO_TEST);
    agent.logger.info('Starting all jobs for updated PR.');
    await buildAll(agent, pr, ev.guid);
  };

  switch (ev.action) {
    case 'opened': {
      if (await trustedUser(gh, t, author, org, repo)) {
        agent.logger.info('Starting all jobs for new PR.');
        await buildAll(agent, pr, ev.guid);
        return;
      }
      agent.logger.info('Welcome message to PR author.', { author });
      await gh.createComment(org, repo, pr.number, welcomeMessage({
        author, org, repoFullName: pr.base.repo.full_name, trustedOrg: t.trusted_org, joinOrgUrl: t.join_org_url, ignoreOkToTest: t.ignore_ok_to_test,
      }));
      if (!t.ignore_ok_to_test) await gh.addLabel(org, repo, pr.number, LABEL_NEEDS_OK_TO_TEST);
      return;
    }
    case 'reopened':
    case 'synchronize':
    case 'ready_for_review':
      await buildAllIfTrusted();
      return;
    case 'edited':
      // A new base branch means new jobs may apply.
      if (ev.changes?.base?.ref?.from || ev.changes?.base?.sha?.from) await buildAllIfTrusted();
      return;
    case 'labeled':
      // An lgtm on an untrusted PR tests it once (upstream: the reviewer has vouched for this version).
      if (ev.label?.name === LABEL_LGTM) {
        const { trusted } = await trustedPullRequest(gh, t, author, org, repo, pr.number);
        if (!trusted) await buildAll(agent, pr, ev.guid);
      }
      return;
    default:
      return;
  }
}

/** Runs every presubmit that /test all would run on this PR. */
export async function buildAll(agent: PluginAgent, pr: PullRequest, guid: string): Promise<void> {
  const org = pr.base.repo.owner.login;
  const repo = pr.base.repo.name;
  const baseSha = await agent.github.getRef(org, repo, `heads/${pr.base.ref}`);
  const presubmits = await presubmitsFor(agent, org, repo, baseSha, pr.head.sha);
  const changes = changedFiles(agent, org, repo, pr.number);
  const toRun = await filterPresubmits(testAllFilter, changes, pr.base.ref, presubmits);
  await runRequested(agent, pr, baseSha, toRun, guid);
}

/** The PR's changed files, fetched once and only when a job's file filter needs them. */
export function changedFiles(agent: PluginAgent, org: string, repo: string, number: number): () => Promise<string[]> {
  let files: Promise<string[]> | undefined;
  return () => (files ??= agent.github.getPullRequestChanges(org, repo, number).then((fs) => fs.map((f) => f.filename)));
}
