// The trigger plugin: starts presubmits on PRs (by event or by slash command) and postsubmits on pushes.
import type { PluginsConfig } from '../../src/config/types.js';
import type { Plugin, PluginHelp } from '../types.js';
import { handleGenericComment } from './generic-comment.js';
import { handlePullRequest } from './pull-request.js';
import { handlePush } from './push.js';
import { triggerFor } from './trust.js';

/** Comments from anyone else never start jobs. */
const TRUSTED_USERS = 'Members of the trusted organization for the repo, and its collaborators unless only_org_members is set.';

function help(pc: PluginsConfig, enabledRepos: string[]): PluginHelp {
  const config: Record<string, string> = {};
  for (const where of enabledRepos) {
    const [org, repo] = where.split('/');
    const t = triggerFor(pc, org, repo ?? '');
    const who = t.only_org_members ? 'members of the org' : 'members of the org and repo collaborators';
    const trustedOrg = t.trusted_org && t.trusted_org !== org ? `, and members of ${t.trusted_org}` : '';
    const apps = t.trusted_apps && t.trusted_apps.length > 0 ? `, and the GitHub apps ${t.trusted_apps.join(', ')}` : '';
    config[where] = `The trusted GitHub organization for this repository is "${org}". Jobs start automatically for PRs by ${who}${trustedOrg}${apps}.${
      t.ignore_ok_to_test ? ' /ok-to-test is ignored in this repository.' : ''}`;
  }
  return {
    Description: 'The trigger plugin starts tests in reaction to commands and pull request events. It is responsible for ensuring that test jobs are only run on trusted PRs. A PR is considered trusted if the author is a member of the \'trusted organization\' for the repository or if such a member has left an \'/ok-to-test\' command on the PR.\n<br>Trigger starts jobs automatically when a new trusted PR is created or when an untrusted PR becomes trusted, but it can also be used to start jobs manually via the \'/test\' command.\n<br>The \'/retest\' command can be used to rerun jobs that have reported failure.',
    Config: config,
    Commands: [
      {
        Usage: '/ok-to-test', Featured: false, Description: 'Marks a PR as \'trusted\' and starts tests.', Examples: ['/ok-to-test'],
        WhoCanUse: TRUSTED_USERS,
      },
      {
        Usage: '/test (<job name>|all)', Featured: true,
        Description: 'Manually starts a/all automatically triggered test job(s). Lists all possible job(s) when no jobs/an invalid job are specified.',
        Examples: ['/test all', '/test pull-bazel-test'], WhoCanUse: TRUSTED_USERS,
      },
      {
        Usage: '/retest', Featured: true, Description: 'Rerun test jobs that have failed.', Examples: ['/retest'],
        WhoCanUse: TRUSTED_USERS,
      },
      {
        Usage: '/test-manual-required', Featured: true, Description: 'Starts the required jobs that only run when asked for and have not reported yet.',
        Examples: ['/test-manual-required'], WhoCanUse: TRUSTED_USERS,
      },
      {
        Usage: '/retest-required', Featured: false, Description: 'Rerun failed or not yet run required test jobs.', Examples: ['/retest-required'],
        WhoCanUse: TRUSTED_USERS,
      },
    ],
  };
}

export const trigger: Plugin = {
  name: 'trigger',
  help,
  handlers: {
    pullRequest: handlePullRequest,
    push: handlePush,
    genericComment: handleGenericComment,
  },
};
