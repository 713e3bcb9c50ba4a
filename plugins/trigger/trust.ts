// Who trigger trusts, in upstream's order (cheapest lookups first): the bot itself, org members, repo collaborators
// (unless only_org_members), trusted apps, members of trusted_org; a PR is also trusted once it carries the
// ok-to-test label.
import type { PluginsConfig, Trigger } from '../../src/config/types.js';
import type { GitHubClient } from '../../src/github/client.js';
import type { Label } from '../../src/github/types.js';
import { LABEL_OK_TO_TEST } from './messages.js';

/** Upstream's TriggerFor: the entry naming org/repo, else one naming the org, else defaults. */
export function triggerFor(pc: PluginsConfig, org: string, repo: string): Trigger {
  let orgMatch: Trigger | undefined;
  for (const t of pc.triggers ?? []) {
    for (const r of t.repos ?? []) {
      if (r === `${org}/${repo}`) return withDefaults(t);
      if (r === org && !orgMatch) orgMatch = t;
    }
  }
  return withDefaults(orgMatch ?? {});
}

function withDefaults(t: Trigger): Trigger {
  if (t.trusted_org && !t.join_org_url) return { ...t, join_org_url: `https://github.com/orgs/${t.trusted_org}/people` };
  return t;
}

export function hasLabel(labels: Label[], name: string): boolean {
  return labels.some((l) => l.name.toLowerCase() === name.toLowerCase());
}

export async function trustedUser(gh: GitHubClient, t: Trigger, user: string, org: string, repo: string, botLogin: string): Promise<boolean> {
  if (user === botLogin) return true;
  if (await gh.isMember(org, user)) return true;
  if (!t.only_org_members && (await gh.isCollaborator(org, repo, user))) return true;
  const appName = user.endsWith('[bot]') ? user.slice(0, -'[bot]'.length) : user;
  if ((t.trusted_apps ?? []).includes(appName)) return true;
  if (!t.trusted_org || t.trusted_org === org) return false;
  return gh.isMember(t.trusted_org, user);
}

/** Upstream's TrustedPullRequest: the author is trusted, or the PR has ok-to-test. Returns the labels it read. */
export async function trustedPullRequest(
  gh: GitHubClient, t: Trigger, author: string, org: string, repo: string, number: number, botLogin: string, labels?: Label[],
): Promise<{ trusted: boolean; labels: Label[] | undefined }> {
  if (await trustedUser(gh, t, author, org, repo, botLogin)) return { trusted: true, labels };
  const l = labels ?? (await gh.getIssueLabels(org, repo, number));
  return { trusted: hasLabel(l, LABEL_OK_TO_TEST), labels: l };
}
