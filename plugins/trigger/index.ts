// The trigger plugin: starts presubmits on PRs (by event or by slash command) and postsubmits on pushes.
import { definePlugin, type CommandSpec } from '../types.js';
import { TRIGGER_CONFIG, type TriggerSettings } from './config.js';
import { OK_TO_TEST_RE, RETEST_RE, RETEST_REQUIRED_RE, TEST_MANUAL_REQUIRED_RE, TEST_WITH_ANY_TARGET_RE } from './filters.js';
import { handleGenericComment } from './generic-comment.js';
import { handleMergeGroup } from './merge-group.js';
import { handlePullRequest } from './pull-request.js';
import { handlePush } from './push.js';

/** Comments from anyone else never start jobs. */
const TRUSTED_USERS = 'Members of the trusted organization for the repo, and its collaborators unless only_org_members is set.';

export const TRIGGER_COMMANDS: readonly CommandSpec[] = [
  {
    regex: OK_TO_TEST_RE, usage: '/ok-to-test', description: 'Marks a PR as \'trusted\' and starts tests.', examples: ['/ok-to-test'], whoCanUse: TRUSTED_USERS,
  },
  {
    regex: TEST_WITH_ANY_TARGET_RE, usage: '/test (<job name>|all)', featured: true,
    description: 'Manually starts a/all automatically triggered test job(s). Lists all possible job(s) when no jobs/an invalid job are specified.',
    examples: ['/test all', '/test pull-bazel-test'], whoCanUse: TRUSTED_USERS,
  },
  { regex: RETEST_RE, usage: '/retest', featured: true, description: 'Rerun test jobs that have failed.', examples: ['/retest'], whoCanUse: TRUSTED_USERS },
  {
    regex: TEST_MANUAL_REQUIRED_RE, usage: '/test-manual-required', featured: true,
    description: 'Starts the required jobs that only run when asked for and have not reported yet.', examples: ['/test-manual-required'], whoCanUse: TRUSTED_USERS,
  },
  {
    regex: RETEST_REQUIRED_RE, usage: '/retest-required', description: 'Rerun failed or not yet run required test jobs.', examples: ['/retest-required'],
    whoCanUse: TRUSTED_USERS,
  },
];

export const trigger = definePlugin<TriggerSettings>({
  name: 'trigger',
  description: 'The trigger plugin starts tests in reaction to commands and pull request events. It is responsible for ensuring that test jobs are only run on trusted PRs. A PR is considered trusted if the author is a member of the \'trusted organization\' for the repository or if such a member has left an \'/ok-to-test\' command on the PR.\n<br>Trigger starts jobs automatically when a new trusted PR is created or when an untrusted PR becomes trusted, but it can also be used to start jobs manually via the \'/test\' command.\n<br>The \'/retest\' command can be used to rerun jobs that have reported failure.',
  config: TRIGGER_CONFIG,
  commands: TRIGGER_COMMANDS,
  handlers: {
    pullRequest: handlePullRequest,
    push: handlePush,
    mergeGroup: handleMergeGroup,
    genericComment: handleGenericComment,
  },
});
