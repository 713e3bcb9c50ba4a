// Pull request events, as upstream's trigger: run the presubmits for new, reopened, updated and ready PRs from
// trusted authors (never for drafts); welcome untrusted authors with needs-ok-to-test; abort the PR's running jobs
// when it is pushed to, closed or turned back into a draft.
import type { Presubmit, Trigger } from '../../src/config/types.js';
import type { PullRequestEvent } from '../../src/github/events.js';
import type { PullRequest } from '../../src/github/types.js';
import type { PluginAgent } from '../types.js';
import { filterPresubmits, testAllFilter } from './filters.js';
import { DRAFT_MESSAGE, LABEL_LGTM, LABEL_NEEDS_OK_TO_TEST, LABEL_OK_TO_TEST, welcomeMessage } from './messages.js';
import { abortAllJobs, presubmitsFor, runRequested } from './run.js';
import { hasLabel, triggerFor, trustedPullRequest, trustedUser } from './trust.js';

const HANDLED_ACTIONS = new Set([
  'opened', 'reopened', 'edited', 'synchronize', 'labeled', 'closed', 'ready_for_review', 'converted_to_draft',
]);

export async function handlePullRequest(agent: PluginAgent, ev: PullRequestEvent & { guid: string }): Promise<void> {
  if (!HANDLED_ACTIONS.has(ev.action)) return;
  const pr = ev.pull_request;
  const org = pr.base.repo.owner.login;
  const repo = pr.base.repo.name;
  const author = pr.user.login;
  const t = triggerFor(agent.pluginConfig, org, repo);
  const gh = agent.github;

  // As upstream: a repo without presubmits gets nothing from trigger, not even the welcome message.
  const baseSha = await gh.getRef(org, repo, `heads/${pr.base.ref}`);
  const presubmits = await presubmitsFor(agent, org, repo, baseSha, pr.head.sha);
  if (presubmits.length === 0) return;
  const build = (): Promise<void> => buildAllButDrafts(agent, pr, baseSha, presubmits, ev.guid);

  const buildAllIfTrusted = async (): Promise<void> => {
    // An untrusted author was asked for /ok-to-test when the PR was opened; no need to ask again.
    const { trusted, labels } = await trustedPullRequest(gh, t, author, org, repo, pr.number, agent.botLogin);
    if (!trusted) return;
    if (labels && hasLabel(labels, LABEL_NEEDS_OK_TO_TEST)) await gh.removeLabel(org, repo, pr.number, LABEL_NEEDS_OK_TO_TEST);
    agent.logger.info('Starting all jobs for updated PR.');
    await build();
  };

  switch (ev.action) {
    case 'opened': {
      if (await trustedUser(gh, t, author, org, repo, agent.botLogin)) {
        if (pr.draft) {
          agent.logger.info('Skipping all jobs for draft PR.');
          await gh.createComment(org, repo, pr.number, DRAFT_MESSAGE);
          return;
        }
        agent.logger.info('Starting all jobs for new PR.');
        await build();
        return;
      }
      agent.logger.info('Welcome message to PR author.', { author });
      await welcome(agent, pr, t);
      return;
    }
    case 'reopened':
    case 'ready_for_review':
      await buildAllIfTrusted();
      return;
    case 'synchronize':
      // The jobs of the old head say nothing about the new one.
      await abortAllJobs(agent, pr);
      await buildAllIfTrusted();
      return;
    case 'edited':
      // A new base branch means new jobs may apply.
      if (ev.changes?.base?.ref?.from || ev.changes?.base?.sha?.from) await buildAllIfTrusted();
      return;
    case 'labeled':
      // An lgtm on an untrusted PR tests it once (upstream: the reviewer has vouched for this version).
      if (ev.label?.name === LABEL_LGTM) {
        const { trusted } = await trustedPullRequest(gh, t, author, org, repo, pr.number, agent.botLogin);
        if (!trusted) {
          agent.logger.info('Starting all jobs for untrusted PR with LGTM.');
          await build();
        }
      }
      // ok-to-test added by a person (the bot adds it for /ok-to-test, whose comment already started the jobs).
      if (ev.label?.name === LABEL_OK_TO_TEST && ev.sender?.login !== agent.botLogin) await build();
      return;
    case 'closed':
    case 'converted_to_draft':
      await abortAllJobs(agent, pr);
      return;
  }
}

/** The welcome comment, and needs-ok-to-test unless someone (or some automation) already added ok-to-test. */
async function welcome(agent: PluginAgent, pr: PullRequest, t: Trigger): Promise<void> {
  const org = pr.base.repo.owner.login;
  const repo = pr.base.repo.name;
  const ignoreOkToTest = t.ignore_ok_to_test ?? false;
  const errors: Error[] = [];
  if (!ignoreOkToTest) {
    try {
      const labels = await agent.github.getIssueLabels(org, repo, pr.number);
      if (!hasLabel(labels, LABEL_OK_TO_TEST)) await agent.github.addLabel(org, repo, pr.number, LABEL_NEEDS_OK_TO_TEST);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  await agent.github.createComment(org, repo, pr.number, welcomeMessage({
    author: pr.user.login, org, repoFullName: pr.base.repo.full_name, trustedOrg: t.trusted_org, joinOrgUrl: t.join_org_url, ignoreOkToTest,
  }));
  if (errors.length > 0) throw errors[0];
}

/** Runs every presubmit that /test all would run on this PR, unless it is a draft. */
async function buildAllButDrafts(agent: PluginAgent, pr: PullRequest, baseSha: string, presubmits: Presubmit[], guid: string): Promise<void> {
  if (pr.draft) {
    agent.logger.info('Skipping all jobs for draft PR.');
    return;
  }
  const org = pr.base.repo.owner.login;
  const repo = pr.base.repo.name;
  const toRun = await filterPresubmits(testAllFilter, changedFiles(agent, org, repo, pr.number), pr.base.ref, presubmits);
  await runRequested(agent, pr, baseSha, toRun, guid);
}

/** The PR's changed files, fetched once and only when a job's file filter needs them. */
export function changedFiles(agent: PluginAgent, org: string, repo: string, number: number): () => Promise<string[]> {
  let files: Promise<string[]> | undefined;
  return () => (files ??= agent.github.getPullRequestChanges(org, repo, number).then((fs) => fs.map((f) => f.filename)));
}
