// Who trigger trusts, in upstream's order (cheapest lookups first): the bot itself, org members, repo collaborators
// (unless only_org_members), trusted apps, members of trusted_org; a PR is also trusted once it carries the
// ok-to-test label.
import type { LabelsAPI } from '../../src/github/labels.js';
import type { OrgsAPI } from '../../src/github/orgs.js';
import type { ReposAPI } from '../../src/github/repos.js';
import type { Label } from '../../src/github/types.js';
import { hasLabel, OK_TO_TEST } from '../shared/labels.js';
import type { TriggerSettings as Trigger } from './config.js';

/** The GitHub parts deciding trust needs. */
export type TrustAPI = ReposAPI & OrgsAPI & LabelsAPI;

export async function trustedUser(gh: TrustAPI, t: Trigger, user: string, org: string, repo: string, botLogin: string): Promise<boolean> {
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
  gh: TrustAPI, t: Trigger, author: string, org: string, repo: string, number: number, botLogin: string, labels?: Label[],
): Promise<{ trusted: boolean; labels: Label[] | undefined }> {
  if (await trustedUser(gh, t, author, org, repo, botLogin)) return { trusted: true, labels };
  const l = labels ?? (await gh.getIssueLabels(org, repo, number));
  return { trusted: hasLabel(l, OK_TO_TEST), labels: l };
}
