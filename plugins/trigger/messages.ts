// The comments trigger writes, with upstream's exact texts (people and tools match on them).
import type { Presubmit } from '../../src/config/types.js';

export const ABOUT_THIS_BOT_WITHOUT_COMMANDS =
  'Instructions for interacting with me using PR comments are available [here](https://git.k8s.io/community/contributors/guide/pull-requests.md).  If you have questions or suggestions related to my behavior, please file an issue against the [kubernetes-sigs/prow](https://github.com/kubernetes-sigs/prow/issues/new?title=Prow%20issue:) repository.';
export const ABOUT_THIS_BOT_COMMANDS = 'I understand the commands that are listed [here](https://go.k8s.io/bot-commands).';
export const ABOUT_THIS_BOT = `${ABOUT_THIS_BOT_WITHOUT_COMMANDS} ${ABOUT_THIS_BOT_COMMANDS}`;

export const LABEL_OK_TO_TEST = 'ok-to-test';
export const LABEL_NEEDS_OK_TO_TEST = 'needs-ok-to-test';
export const LABEL_LGTM = 'lgtm';

/** Upstream's plugins.FormatResponse. */
export function formatResponse(to: string, message: string, reason: string): string {
  return `@${to}: ${message}

<details>

${reason}

${ABOUT_THIS_BOT}
</details>`;
}

/** Upstream's plugins.FormatResponseRaw: the reply quotes the comment it answers. */
export function formatResponseRaw(body: string, bodyUrl: string, login: string, reply: string): string {
  const quoted = body.split('\n').map((l) => `>${l}`).join('\n');
  return formatResponse(login, reply, `In response to [this](${bodyUrl}):

${quoted}
`);
}

export interface WelcomeOptions {
  author: string;
  org: string;
  repoFullName: string;
  trustedOrg?: string;
  joinOrgUrl?: string;
  ignoreOkToTest?: boolean;
}

/** The comment an untrusted author gets on a new PR (with the needs-ok-to-test label). */
export function welcomeMessage(o: WelcomeOptions): string {
  const encodedRepo = encodeURIComponent(o.repoFullName);
  if (o.ignoreOkToTest) {
    return `Hi @${o.author}. Thanks for your PR.

PRs from untrusted users cannot be marked as trusted with \`/ok-to-test\` in this repo meaning untrusted PR authors can never trigger tests themselves. Collaborators can still trigger tests on the PR using \`/test all\`.

I understand the commands that are listed [here](https://go.k8s.io/bot-commands?repo=${encodedRepo}).

<details>

${ABOUT_THIS_BOT_WITHOUT_COMMANDS}
</details>
`;
  }
  const more = o.trustedOrg && o.trustedOrg !== o.org ? `or [${o.trustedOrg}](https://github.com/orgs/${o.trustedOrg}/people) ` : '';
  const joinOrgUrl = o.joinOrgUrl && o.joinOrgUrl !== '' ? o.joinOrgUrl : `https://github.com/orgs/${o.org}/people`;
  return `Hi @${o.author}. Thanks for your PR.

I'm waiting for a [${o.org}](https://github.com/orgs/${o.org}/people) ${more}member to verify that this patch is reasonable to test. If it is, they should reply with \`/ok-to-test\` on its own line. Until that is done, I will not automatically test new commits in this PR, but the usual testing commands by org members will still work. Regular contributors should [join the org](${joinOrgUrl}) to skip this step.

Once the patch is verified, the new status will be reflected by the \`${LABEL_OK_TO_TEST}\` label.

I understand the commands that are listed [here](https://go.k8s.io/bot-commands?repo=${encodedRepo}).

<details>

${ABOUT_THIS_BOT_WITHOUT_COMMANDS}
</details>
`;
}

/** The reply to a trigger command from someone who may not start jobs on an untrusted PR. */
export const CANNOT_TRIGGER_UNTRUSTED = 'Cannot trigger testing until a trusted user reviews the PR and leaves an `/ok-to-test` message.';

/** The comment on a draft PR opened by a trusted author (upstream's draftMsg). */
export const DRAFT_MESSAGE = 'Skipping CI for Draft Pull Request.\nIf you want CI signal for your change, please convert it to an actual PR.\nYou can still manually trigger a test run with `/test all`';

export const RETEST_WITH_TARGET_NOTE = 'The `/retest` command does not accept any targets.\n';
export const TARGET_NOT_FOUND_NOTE = 'The specified target(s) for `/test` were not found.\n';
export const THERE_ARE_NO_TEST_ALL_JOBS_NOTE = 'No jobs can be run with `/test all`.\n';

/** Upstream's pjutil.HelpMessage: the jobs that can be requested on this branch. */
export function helpMessage(org: string, repo: string, branch: string, note: string, testAllNames: Set<string>, optionalCommands: Set<string>, requiredCommands: Set<string>): string {
  if (testAllNames.size + optionalCommands.size + requiredCommands.size === 0) return `No presubmit jobs available for ${org}/${repo}@${branch}`;
  const list = (names: Set<string>): string => [...names].sort().map((n) => `\n* \`${n}\``).join('');
  let resp = note;
  if (requiredCommands.size > 0) resp += `The following commands are available to trigger required jobs:${list(requiredCommands)}\n\n`;
  if (optionalCommands.size > 0) resp += `The following commands are available to trigger optional jobs:${list(optionalCommands)}\n\n`;
  if (testAllNames.size === optionalCommands.size + requiredCommands.size) resp += 'Use `/test all` to run all jobs.\n';
  else if (testAllNames.size > 0) resp += `Use \`/test all\` to run the following jobs that were automatically triggered:${list(testAllNames)}\n\n`;
  return resp;
}

/** Whether a bot comment is an earlier help reply (pruned once a later command works). */
export function isHelpReply(body: string): boolean {
  return body.includes('The following commands are available to trigger') || body.includes('No presubmit jobs available for')
    || body.includes(TARGET_NOT_FOUND_NOTE.trim()) || body.includes(THERE_ARE_NO_TEST_ALL_JOBS_NOTE.trim());
}

/** The reply to `/test ?`, `/retest foo`, or a `/test` that matched nothing. */
export function helpReply(org: string, repo: string, branch: string, note: string, presubmits: Presubmit[], couldRun: (p: Presubmit) => boolean, rerunCommand: (p: Presubmit) => string): string {
  const testAll = new Set<string>();
  const optional = new Set<string>();
  const required = new Set<string>();
  for (const p of presubmits) {
    if (!couldRun(p)) continue;
    (p.optional ? optional : required).add(rerunCommand(p));
    if (p.always_run || p.run_if_changed || p.skip_if_only_changed) testAll.add(p.name);
  }
  return helpMessage(org, repo, branch, note, testAll, optional, required);
}
