// Upstream cherrypicker's texts: the new PR's title and body, the release note it carries over, and the replies.

export const CHERRY_PICK_BRANCH = (num: number, target: string): string => `cherry-pick-${num}-to-${target}`;

/** `/cherrypick release-1.6` or `/cherry-pick release-1.6 release-1.5` (a chain: the rest after the first merges). */
export const CHERRY_PICK_RE = /^(?:\/cherrypick|\/cherry-pick)\s+(.+)$/m;

export const notOrgMemberMessage = (org: string, user: string): string =>
  `only [${org}](https://github.com/orgs/${org}/people) org members may request cherry picks. If you are already part of the org, make sure to [change](https://github.com/orgs/${org}/people?query=${user}) your membership to public. Otherwise you can still do the cherry-pick manually. `;

export const onceMergedMessage = (target: string): string =>
  `once the present PR merges, I will cherry-pick it on top of ${target} in a new PR and assign it to you.`;

export const sameBranchMessage = (base: string, target: string): string => `base branch (${base}) needs to differ from target branch (${target})`;

/**
 * `[release-1.6] Title`: a backport of a backport drops the earlier `[base]` indicator, so titles do not grow
 * `[release-9.8] [release-9.9] …`.
 */
export function cherryPickTitle(title: string, base: string, target: string): string {
  const without = base === '' ? title : title.replace(`[${base}] `, '');
  return `[${target}] ${without}`;
}

const RELEASE_NOTE_RE = /(?:Release note\*\*:\s*(?:<!--[^<>]*-->\s*)?```(?:release-note)?|```release-note)([\s\S]+?)```/;

/** The parent PR's release note block, formatted for the cherry-pick's body ('' when there is none). */
export function releaseNoteFromParent(body: string): string {
  const m = RELEASE_NOTE_RE.exec(body);
  return m ? `\`\`\`release-note\n${m[1]!.trim()}\n\`\`\`` : '';
}

/** Upstream's CreateCherrypickBody. */
export function cherryPickBody(num: number, requestor: string, note: string, chain: readonly string[]): string {
  let body = `This is an automated cherry-pick of #${num}`;
  if (requestor !== '') body += `\n\n/assign ${requestor}`;
  if (note !== '') body += `\n\n${note}`;
  if (chain.length > 0) body += `\n\n/cherrypick ${chain.join(' ')}`;
  return body;
}
