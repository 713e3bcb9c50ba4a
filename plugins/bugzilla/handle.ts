// What the bugzilla plugin does for one PR: validate the bug its title names and keep the labels and the reply in
// step (opened, edited, /bugzilla refresh, assign-qa, cc-qa), move the bug when every linked PR has merged or when
// the PR is closed, and clone the bug for an automated cherry-pick. Replies and texts are upstream's.
import type { Bug, BugzillaAPI } from '../../src/bugzilla/bug.js';
import { BugzillaError, prettyStatus } from '../../src/bugzilla/bug.js';
import { graphqlDocument } from '../../src/github/graphql-document.js';
import type { GitHubClient } from '../../src/github/client.js';
import type { Logger } from '../../src/runtime/logger.js';
import { INVALID_BUG, VALID_BUG } from '../shared/labels.js';
import { isBotLogin } from '../shared/prune.js';
import { formatResponseRaw } from '../shared/reply.js';
import { prettyState, type BugState, type ResolvedOptions } from './options.js';
import { asBugUpdate, bugIdFromTitle, bugLink, formatError, isBugAllowed, matchesAny, retitle, SEVERITY_LABELS, severityLabel, validateBug } from './validate.js';

/** One PR event or command, digested. */
export interface BugEvent {
  org: string;
  repo: string;
  baseRef: string;
  number: number;
  /** The bug the title names; undefined when it names none. */
  bugId: number | undefined;
  merged: boolean;
  closed: boolean;
  opened: boolean;
  /** The PR's state (open, closed). */
  state: string;
  /** What the reply quotes: the comment, or the PR title for PR events. */
  body: string;
  htmlUrl: string;
  login: string;
  refresh: boolean;
  assign: boolean;
  cc: boolean;
  /** For an automated cherry-pick PR just opened: the PR it picks. */
  cherrypickOf?: number;
}

export interface HandleDeps {
  github: GitHubClient;
  bugzilla: BugzillaAPI;
  options: ResolvedOptions;
  logger: Logger;
  botLogin: string;
  githubHost: string;
  /** Repos the Prow config knows: linked PRs elsewhere are not looked up. */
  knownRepos: ReadonlySet<string>;
}

const USERS_BY_EMAIL = graphqlDocument<{ search: { edges: { node: { login?: string } | null }[] } }, { email: string }>('BugzillaQAContact', `
query BugzillaQAContact($email: String!) {
  search(type: USER, query: $email, first: 5) { edges { node { ... on User { login } } } }
}`);

type Reply = (text: string) => Promise<void>;

function replier(e: BugEvent, d: HandleDeps): Reply {
  return async (text) => {
    await d.github.createComment(e.org, e.repo, e.number, formatResponseRaw(e.body, e.htmlUrl, e.login, text));
  };
}

/** The bug, or undefined after telling the PR why there is none (missing, or Bugzilla failed). */
async function getBug(id: number, d: HandleDeps, reply: Reply): Promise<Bug | undefined> {
  try {
    return await d.bugzilla.getBug(id);
  } catch (err) {
    if (err instanceof BugzillaError && err.notFound) {
      await reply(`No Bugzilla bug with ID ${id} exists in the tracker at ${d.bugzilla.endpoint}.
Once a valid bug is referenced in the title of this pull request, request a bug refresh with <code>/bugzilla refresh</code>.`);
      return undefined;
    }
    d.logger.warn('Unexpected error searching for Bugzilla bug.', { bug: id, error: err });
    await reply(formatError('searching', d.bugzilla.endpoint, id, err));
    return undefined;
  }
}

/** What `attempt` returns when the call failed and the PR was told. */
const FAILED = Symbol('failed');

/**
 * Runs one Bugzilla (or GitHub) call; when it fails, logs `logMessage` and replies with upstream's error text for
 * `action` on `bugId`, and returns FAILED.
 */
async function attempt<T>(d: HandleDeps, reply: Reply, bugId: number, action: string, logMessage: string, call: () => Promise<T>): Promise<T | typeof FAILED> {
  try {
    return await call();
  } catch (err) {
    d.logger.warn(logMessage, { bug: bugId, error: err });
    await reply(formatError(action, d.bugzilla.endpoint, bugId, err));
    return FAILED;
  }
}

export async function handle(e: BugEvent, d: HandleDeps): Promise<void> {
  const reply = replier(e, d);
  const o = d.options;
  // The bug is read once per event (upstream reads it again in each step; it cannot change in between but by us).
  let bug: Bug | undefined;
  if (e.bugId !== undefined) {
    bug = await getBug(e.bugId, d, reply);
    if (!bug) return;
    if (!isBugAllowed(bug, o.allowed_groups)) {
      if (!e.opened && !e.refresh) return;
      let text = `${bugLink(e.bugId, d.bugzilla.endpoint)} is in a bug group that is not in the allowed groups for this repo.`;
      text += (o.allowed_groups ?? []).length > 0 ? `\nAllowed groups for this repo are:${o.allowed_groups!.map((g) => `\n- ${g}`).join('')}` : ' There are no allowed bug groups configured for this repo.';
      await reply(text);
      return;
    }
  }
  if (e.merged) return handleMerge(e, bug, d, reply);
  if (e.closed) return handleClose(e, bug, d, reply);
  if (e.cherrypickOf !== undefined) {
    if (o.enable_backporting === true) await handleCherrypick(e, d, reply);
    return;
  }
  await validateAndLabel(e, bug, d, reply);
}

async function validateAndLabel(e: BugEvent, bug: Bug | undefined, d: HandleDeps, reply: Reply): Promise<void> {
  const o = d.options;
  const endpoint = d.bugzilla.endpoint;
  let needsValid = false;
  let needsInvalid = false;
  let severity = '';
  let response: string;
  if (e.bugId === undefined || !bug) {
    response = `No Bugzilla bug is referenced in the title of this pull request.
To reference a bug, add 'Bug XXX:' to the title of this pull request and request another bug refresh with <code>/bugzilla refresh</code>.`;
  } else {
    const id = e.bugId;
    severity = severityLabel(bug.severity);
    const dependents: Bug[] = [];
    if (o.dependent_bug_states || o.dependent_bug_target_releases) {
      for (const dep of bug.depends_on ?? []) {
        const dependent = await attempt(d, reply, id, `searching for dependent bug ${dep}`, 'Unexpected error searching for a dependent Bugzilla bug.', () => d.bugzilla.getBug(dep));
        if (dependent === FAILED) return;
        dependents.push(dependent);
      }
    }
    const v = validateBug(bug, dependents, o, endpoint);
    needsValid = v.valid;
    needsInvalid = !v.valid;
    if (v.valid) {
      response = `This pull request references ${bugLink(id, endpoint)}, which is valid.`;
      const update = asBugUpdate(o.state_after_validation, bug);
      if (update) {
        const moved = await attempt(d, reply, id, `updating to the ${prettyState(o.state_after_validation!)} state`, 'Unexpected error updating Bugzilla bug.', () => d.bugzilla.updateBug(id, update));
        if (moved === FAILED) return;
        response += ` The bug has been moved to the ${prettyState(o.state_after_validation!)} state.`;
      }
      if (o.add_external_link === true) {
        const changed = await attempt(d, reply, id, 'adding this pull request to the external tracker bugs', 'Unexpected error adding external tracker bug to Bugzilla bug.',
          () => d.bugzilla.addPullRequestAsExternalBug(id, e.org, e.repo, e.number));
        if (changed === FAILED) return;
        if (changed) response += ' The bug has been updated to refer to the pull request using the external bug tracker.';
      }
      response += '\n\n<details>';
      response += v.validations.length === 0 ? '<summary>No validations were run on this bug</summary>' : `<summary>${v.validations.length} validation(s) were run on this bug</summary>\n`;
      for (const line of v.validations) response += `\n* ${line}`;
      response += '</details>';
      const qa = await qaContact(e, bug, d, reply);
      if (qa === undefined) return;
      response += qa;
    } else {
      response = `This pull request references ${bugLink(id, endpoint)}, which is invalid:
${v.errors.map((r) => ` - ${r}\n`).join('')}
Comment <code>/bugzilla refresh</code> to re-evaluate validity if changes to the Bugzilla bug are made, or edit the title of this pull request to link to a different bug.`;
    }
  }

  // Labels follow the outcome; a failure here is logged, not fatal: the reply matters more.
  let current: string[] = [];
  try {
    current = (await d.github.getIssueLabels(e.org, e.repo, e.number)).map((l) => l.name);
  } catch (err) {
    d.logger.warn('Could not list labels on PR', { error: err });
  }
  const hasValid = current.includes(VALID_BUG);
  const hasInvalid = current.includes(INVALID_BUG);
  const severities = new Set(Object.values(SEVERITY_LABELS));
  const oldSeverity = current.filter((l) => severities.has(l)).at(-1) ?? '';
  const tryLabel = async (add: boolean, label: string): Promise<void> => {
    try {
      if (add) await d.github.addLabel(e.org, e.repo, e.number, label);
      else await d.github.removeLabel(e.org, e.repo, e.number, label);
    } catch (err) {
      d.logger.error(`Failed to ${add ? 'add' : 'remove'} ${label} label.`, { error: err });
    }
  };
  if (oldSeverity !== '' && oldSeverity !== severity) await tryLabel(false, oldSeverity);
  if (severity !== '' && severity !== oldSeverity) await tryLabel(true, severity);
  if (hasValid && !needsValid && (await validLabelAddedByHuman(e, d))) {
    needsInvalid = false;
    needsValid = true;
    response += `\n\nRetaining the ${VALID_BUG} label as it was manually added.`;
  }
  if (needsValid !== hasValid) await tryLabel(needsValid, VALID_BUG);
  if (needsInvalid !== hasInvalid) await tryLabel(needsInvalid, INVALID_BUG);
  await reply(response);
}

/** Whether the last time bugzilla/valid-bug was added, someone other than the bot added it. */
async function validLabelAddedByHuman(e: BugEvent, d: HandleDeps): Promise<boolean> {
  let events;
  try {
    events = await d.github.listIssueEvents(e.org, e.repo, e.number);
  } catch (err) {
    // Better to leave the labels as they are than to guess; the user can ask again.
    throw new Error(`failed to check if ${VALID_BUG} label was added by a human: ${(err as Error).message}`);
  }
  const last = events.filter((ev) => ev.event === 'labeled' && ev.label?.name === VALID_BUG).at(-1);
  return last !== undefined && !isBotLogin(last.actor?.login ?? '', d.botLogin);
}

/** The QA contact part of a valid bug's reply ('' when there is none to add); undefined after replying with an error. */
async function qaContact(e: BugEvent, bug: Bug, d: HandleDeps, reply: Reply): Promise<string | undefined> {
  const explicit = e.assign || e.cc;
  const link = bugLink(bug.id, d.bugzilla.endpoint);
  const detail = bug.qa_contact_detail;
  if (!detail) return explicit ? `${link} does not have a QA contact, skipping assignment` : '';
  const email = detail.email ?? '';
  if (email === '') return explicit ? `QA contact for ${link} does not have a listed email, skipping assignment` : '';
  let logins: string[];
  try {
    const data = await d.github.graphql(USERS_BY_EMAIL, { email });
    logins = data.search.edges.map((edge) => edge.node?.login).filter((l): l is string => typeof l === 'string');
  } catch (err) {
    d.logger.error('Failed to run graphql github query', { error: err });
    await reply(formatError(`querying GitHub for users with public email (${email})`, d.bugzilla.endpoint, bug.id, err));
    return undefined;
  }
  let text: string;
  if (logins.length === 0) text = `No GitHub users were found matching the public email listed for the QA contact in Bugzilla (${email}), skipping review request.`;
  else if (logins.length === 1) text = `Requesting review from QA contact:\n/cc @${logins[0]!}`;
  else text = `Multiple GitHub users were found matching the public email listed for the QA contact in Bugzilla (${email}), skipping review request. List of users with matching email:${logins.map((l) => `\n\t- ${l}`).join('')}`;
  let out = `\n\n${text}`;
  if (e.assign) out += '\n\n**DEPRECATION NOTICE**: The command `assign-qa` has been deprecated. Please use the `cc-qa` command instead.';
  return out;
}

async function handleMerge(e: BugEvent, bug: Bug | undefined, d: HandleDeps, reply: Reply): Promise<void> {
  const o = d.options;
  const target = o.state_after_merge;
  if (!target || e.bugId === undefined || !bug) return;
  const id = e.bugId;
  const endpoint = d.bugzilla.endpoint;
  if (o.valid_states || o.state_after_validation) {
    // Only a bug in a state the plugin knows moves on: one a person moved elsewhere (closed it) stays put.
    const allowed: BugState[] = [...(o.valid_states ?? []), ...(o.state_after_validation ? [o.state_after_validation] : [])];
    if (!matchesAny(bug, allowed)) {
      await reply(`${bugLink(id, endpoint)} is in an unrecognized state (${prettyStatus(bug.status, bug.resolution)}) and will not be moved to the ${prettyState(target)} state.`);
      return;
    }
  }
  const prs = await attempt(d, reply, id, 'searching for external tracker bugs', 'Unexpected error listing external tracker bugs for Bugzilla bug.', () => d.bugzilla.getExternalBugPRsOnBug(id));
  if (prs === FAILED) return;
  const prLink = (p: { org: string; repo: string; num: number }): string => `[${p.org}/${p.repo}#${p.num}](https://${d.githubHost}/${p.org}/${p.repo}/pull/${p.num})`;
  const merged: typeof prs = [];
  const unmerged: string[] = [];
  for (const p of prs) {
    let isMerged: boolean;
    let state: string;
    if (p.org === e.org && p.repo === e.repo && p.num === e.number) {
      isMerged = e.merged;
      state = e.state;
    } else {
      // A link can point anywhere; only repos this Prow serves are looked up.
      if (!d.knownRepos.has(`${p.org}/${p.repo}`)) continue;
      const pr = await attempt(d, reply, id, `checking the state of a related pull request at https://${d.githubHost}/${p.org}/${p.repo}/pull/${p.num}`,
        'Unexpected error checking merge state of related pull request.', () => d.github.getPullRequest(p.org, p.repo, p.num));
      if (pr === FAILED) return;
      isMerged = pr.merged === true;
      state = pr.state;
    }
    if (isMerged) merged.push(p);
    else {
      unmerged.push(` * ${prLink(p)} is ${state}`);
      // One unmerged PR settles it; the rest are not looked up.
      break;
    }
  }
  const mergedMessage = (statement: string): string => `${statement} pull requests linked via external trackers have merged:\n${merged.map((p) => ` * ${prLink(p)}`).join('\n')}\n\n`;
  const outcome = (action: string): string => `${bugLink(id, endpoint)} has ${action}been moved to the ${prettyState(target)} state.`;
  if (unmerged.length === 0) {
    const moved = await attempt(d, reply, id, `updating to the ${prettyState(target)} state`, 'Unexpected error updating Bugzilla bug.', () => d.bugzilla.updateBug(id, asBugUpdate(target, undefined)!));
    if (moved === FAILED) return;
    await reply(`${mergedMessage('All')}${outcome('')}`);
    return;
  }
  const unmergedMessage = `The following pull requests linked via external trackers have not merged:
${unmerged.join('\n')}

These pull request must merge or be unlinked from the Bugzilla bug in order for it to move to the next state. Once unlinked, request a bug refresh with <code>/bugzilla refresh</code>.

`;
  await reply(`${mergedMessage('Some')}${unmergedMessage}${outcome('not ')}`);
}

async function handleClose(e: BugEvent, bug: Bug | undefined, d: HandleDeps, reply: Reply): Promise<void> {
  const o = d.options;
  if (e.bugId === undefined || !bug || o.add_external_link !== true) return;
  const id = e.bugId;
  const endpoint = d.bugzilla.endpoint;
  let response = `This pull request references ${bugLink(id, endpoint)}. The bug has been updated to no longer refer to the pull request using the external bug tracker.`;
  const changed = await attempt(d, reply, id, 'removing this pull request from the external tracker bugs', 'Unexpected error removing external tracker bug from Bugzilla bug.',
    () => d.bugzilla.removePullRequestAsExternalBug(id, e.org, e.repo, e.number));
  if (changed === FAILED) return;
  const after = o.state_after_close;
  // A closed bug stays closed; otherwise it moves once no PR is linked to it any more.
  if (after && bug.status !== 'CLOSED') {
    const links = await attempt(d, reply, id, 'getting external tracker bugs', 'Unexpected error getting external tracker bugs for Bugzilla bug.', () => d.bugzilla.getExternalBugPRsOnBug(id));
    if (links === FAILED) return;
    if (links.length === 0) {
      const update = asBugUpdate(after, bug);
      if (update) {
        const moved = await attempt(d, reply, id, `updating to the ${prettyState(after)} state`, 'Unexpected error updating Bugzilla bug.', () => d.bugzilla.updateBug(id, update));
        if (moved === FAILED) return;
        response += ` All external bug links have been closed. The bug has been moved to the ${prettyState(after)} state.`;
      }
      try {
        await d.bugzilla.createComment(id, `Bug status changed to ${after.status ?? ''} as previous linked PR https://${d.githubHost}/${e.org}/${e.repo}/pull/${e.number} has been closed`, true);
      } catch {
        response += '\nWarning: Failed to comment on Bugzilla bug with reason for changed state.';
      }
    }
  }
  if (changed) await reply(response);
}

async function handleCherrypick(e: BugEvent, d: HandleDeps, reply: Reply): Promise<void> {
  const o = d.options;
  const endpoint = d.bugzilla.endpoint;
  const from = e.cherrypickOf!;
  let parentTitle: string;
  try {
    parentTitle = (await d.github.getPullRequest(e.org, e.repo, from)).title;
  } catch (err) {
    d.logger.warn('Unexpected error getting title of pull request being cherrypicked from.', { error: err });
    await reply(`Error creating a cherry-pick bug in Bugzilla: failed to check the state of cherrypicked pull request at https://${d.githubHost}/${e.org}/${e.repo}/pull/${from}: ${(err as Error).message}.
Please contact an administrator to resolve this issue, then request a bug refresh with <code>/bugzilla refresh</code>.`);
    return;
  }
  const bugId = bugIdFromTitle(parentTitle);
  // A pick of a PR that names no bug needs no bug.
  if (bugId === undefined) return;
  const bug = await getBug(bugId, d, (text) => reply(`Failed to create a cherry-pick bug in Bugzilla: ${text}`));
  if (!bug || !isBugAllowed(bug, o.allowed_groups)) return;
  const oldLink = bugLink(bugId, endpoint);
  const clones = await attempt(d, reply, bug.id, 'creating a cherry-pick bug in Bugzilla: could not get list of clones', 'Unexpected error listing clones of a Bugzilla bug.', () => d.bugzilla.getClones(bug));
  if (clones === FAILED) return;
  if (o.target_release === undefined) {
    await reply(`Could not make automatic cherrypick of ${oldLink} for this PR as the target_release is not set for this branch in the bugzilla plugin config. Running refresh:\n/bugzilla refresh`);
    return;
  }
  const release = o.target_release;
  const existing = clones.find((c) => c.target_release?.length === 1 && c.target_release[0] === release);
  if (existing) {
    const newTitle = e.body.replace(`Bug ${bugId}`, `Bug ${existing.id}`);
    await reply(`Detected clone of ${oldLink} with correct target release. Retitling PR to link to clone:\n/retitle ${newTitle}`);
    return;
  }
  const cloneId = await attempt(d, reply, bug.id, 'cloning bug for cherrypick', `Failed to clone bug ${bugId}`, () => d.bugzilla.cloneBug(bug));
  if (cloneId === FAILED) return;
  const cloneLink = bugLink(cloneId, endpoint);
  const retargeted = await attempt(d, reply, cloneId, `updating cherry-pick bug in Bugzilla: Created cherrypick ${cloneLink}, but encountered error updating target release`,
    `Unable to update target release for bug ${cloneId}`, () => d.bugzilla.updateBug(cloneId, { target_release: [release] }));
  if (retargeted === FAILED) return;
  const newTitle = retitle(e.body, bugId, cloneId);
  if (newTitle === undefined) {
    await reply(formatError(`updating GitHub PR title: Created cherrypick ${cloneLink}, but failed to update GitHub PR title name to match`, endpoint, cloneId, new Error('failed to identify bug string in title')));
    return;
  }
  await reply(`${oldLink} has been cloned as ${cloneLink}. Retitling PR to link against new bug.\n/retitle ${newTitle}`);
}
