// The [APPROVALNOTIFIER] comment, byte for byte as upstream's template renders it (people and tools read it:
// the title line, the approvals, the suggestion with its /assign hint, the OWNERS files in a details block, and
// the machine-readable META line).
import type { Approval, Approvals } from './approvers.js';

export const NOTIFIER_TAG = '[APPROVALNOTIFIER]';

/** A bot comment is the notifier when it starts with the tag (any case, as upstream's regex). */
export function isNotifier(body: string): boolean {
  return body.slice(0, NOTIFIER_TAG.length).toUpperCase() === NOTIFIER_TAG;
}

export interface MessageContext {
  /** config.yaml github.link_url (default https://github.com). */
  linkURL: string;
  commandHelpLink: string;
  prProcessLink: string;
  org: string;
  repo: string;
  branch: string;
  /** The OWNERS file name for this repo (plugins.yaml owners.filenames). */
  ownersFilename: string;
}

const approvalLink = (a: Approval): string => `*<a href="${a.reference}" title="${a.how}">${a.login}</a>*`;
const people = (logins: readonly string[]): string => logins.map((l) => `[${l}](https://github.com/${l})`).join(', ');

/** One OWNERS file line of the details block: struck through once approved, bold while it is not. */
function ownersFileLine(dir: string, approved: boolean, approvers: readonly string[], m: MessageContext): string {
  const full = dir.endsWith('.md') ? dir : dir === '' ? m.ownersFilename : `${dir}/${m.ownersFilename}`;
  const link = `${m.linkURL.replace(/\/+$/, '')}/${m.org}/${m.repo}/blob/${m.branch}/${full}`;
  if (approved) return `- ~~[${full}](${link})~~ [${approvers.join(',')}]\n`;
  if (approvers.length > 0) return `- **[${full}](${link})** [${approvers.join(',')}]\n  > Need more approvers for rest parts.\n`;
  return `- **[${full}](${link})**\n`;
}

function suggestion(ap: Approvals, m: MessageContext): string {
  const unassigned = ap.unassignedSuggestions();
  const assigned = ap.assignedSuggestions();
  const more = `For more information see [the Kubernetes Code Review Process](${m.prProcessLink}).`;
  const lead = '**Once this PR has been reviewed and has the lgtm label**';
  if (unassigned.length > 0) {
    if (assigned.length > 0) return `${lead}, please ask for approval from ${people(assigned)} and additionally assign ${people(unassigned)} for approval. ${more}`;
    return `${lead}, please assign ${people(unassigned)} for approval. ${more}`;
  }
  if (assigned.length > 0) return `${lead}, please ask for approval from ${people(assigned)}. ${more}`;
  return '';
}

function issueLines(ap: Approvals, manual: boolean): string {
  if (!ap.requireIssue) return '';
  if (ap.associatedIssue) return `Associated issue: *#${ap.associatedIssue}*\n\n`;
  const noIssue = ap.noIssueApprovals();
  if (noIssue.length > 0) return `Associated issue requirement bypassed by: ${noIssue.map(approvalLink).join(', ')}\n\n`;
  if (manual) return '*No associated issue*. Requirement bypassed by manually added approval.\n\n';
  return '*No associated issue*. Update pull-request body to add a reference to an issue, or get approval with `/approve no-issue`\n\n';
}

/** The whole comment body. */
export function notifierMessage(ap: Approvals, m: MessageContext): string {
  const filesApproved = ap.areFilesApproved();
  const manual = ap.manuallyApproved();
  const unapproved = ap.unapprovedDirs();
  const approvals = ap.list();
  let body = '';
  if (!ap.requirementsMet() && manual) body += 'Approval requirements bypassed by manually added approval.\n\n';
  body += `This pull-request has been approved by:${approvals.length > 0 ? ` ${approvals.map(approvalLink).join(', ')}` : ''}`;
  if (!filesApproved && !manual) body += `\n${suggestion(ap, m)}`;
  body += '\n\n';
  body += issueLines(ap, manual);
  body += `The full list of commands accepted by this bot can be found [here](${m.commandHelpLink}?repo=${m.org}%2F${m.repo}).\n\n`;
  if (filesApproved || manual) body += `The pull request process is described [here](${m.prProcessLink})\n\n`;
  body += `<details ${!filesApproved && !manual ? 'open' : ''}>\nNeeds approval from an approver in each of these files:\n\n`;
  for (const dir of ap.owners.dirs) body += ownersFileLine(dir, !unapproved.has(dir), ap.dirApprovers(dir), m);
  body += '\nApprovers can indicate their approval by writing `/approve` in a comment\nApprovers can cancel approval by writing `/approve cancel` in a comment\n</details>';
  body += `\n<!-- META=${JSON.stringify({ approvers: ap.suggestions() })} -->`;
  const title = `This PR is **${ap.isApproved() ? '' : 'NOT '}APPROVED**`;
  return `${NOTIFIER_TAG} ${title}\n\n${body.trim()}`;
}
