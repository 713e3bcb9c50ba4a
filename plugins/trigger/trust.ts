// Who trigger trusts (plugins/shared/trust.ts: the bot, org members, collaborators unless only_org_members, trusted
// apps, members of trusted_org); a PR is also trusted once it carries the ok-to-test label.
import type { LabelsAPI } from '../../src/github/labels.js';
import type { OrgsAPI } from '../../src/github/orgs.js';
import type { ReposAPI } from '../../src/github/repos.js';
import type { Label } from '../../src/github/types.js';
import { hasLabel, OK_TO_TEST } from '../shared/labels.js';
import { isTrustedUser } from '../shared/trust.js';
import type { TriggerSettings as Trigger } from './config.js';

/** The GitHub parts deciding trust needs. */
export type TrustAPI = ReposAPI & OrgsAPI & LabelsAPI;

export function trustedUser(gh: TrustAPI, t: Trigger, user: string, org: string, repo: string, botLogin: string): Promise<boolean> {
  return isTrustedUser(gh, t, user, org, repo, botLogin);
}

/** Upstream's TrustedPullRequest: the author is trusted, or the PR has ok-to-test. Returns the labels it read. */
export async function trustedPullRequest(
  gh: TrustAPI, t: Trigger, author: string, org: string, repo: string, number: number, botLogin: string, labels?: Label[],
): Promise<{ trusted: boolean; labels: Label[] | undefined }> {
  if (await trustedUser(gh, t, author, org, repo, botLogin)) return { trusted: true, labels };
  const l = labels ?? (await gh.getIssueLabels(org, repo, number));
  return { trusted: hasLabel(l, OK_TO_TEST), labels: l };
}
