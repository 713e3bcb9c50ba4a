// lgtm's replies and notices, in upstream's words (people and tools search for them).
export const CANNOT_LGTM_OWN_PR = 'you cannot LGTM your own PR.';
export const RESTRICTED_TO_COLLABORATORS = 'changing LGTM is restricted to collaborators';
export const RESTRICTED_TO_OWNERS = 'adding LGTM is restricted to approvers and reviewers in OWNERS files.';
export const LGTM_REMOVED_ON_PUSH = 'New changes are detected. LGTM label has been removed.';

/** The comment that records the tree the lgtm was given for (store_tree_hash). */
export function treeHashNotice(treeHash: string): string {
  return `LGTM label has been added.  <details>Git tree hash: ${treeHash}</details>`;
}

const TREE_HASH_RE = /LGTM label has been added\. {2}<details>Git tree hash: (.*)<\/details>/;

/** The tree hash a notice records, if `body` is one. */
export function treeHashOf(body: string): string | undefined {
  return TREE_HASH_RE.exec(body)?.[1];
}
