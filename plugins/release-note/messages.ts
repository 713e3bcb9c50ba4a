// The release-note plugin's comment texts, as upstream's.
import { DEPRECATION, RELEASE_NOTE, RELEASE_NOTE_ACTION_REQUIRED, RELEASE_NOTE_LABEL_NEEDED, RELEASE_NOTE_NONE } from '../shared/labels.js';

export const DEFAULT_GUIDELINES_URL = 'https://git.k8s.io/community/contributors/guide/release-notes.md';

/** What identifies the "label needed" notice whatever guidelines URL it links to (for pruning it). */
export const LABEL_NEEDED_MARK = `Adding the "${RELEASE_NOTE_LABEL_NEEDED}" label because no release-note block was detected`;

export function labelNeededNotice(guidelinesUrl: string): string {
  return `${LABEL_NEEDED_MARK}, please follow our [release note process](${guidelinesUrl}) to remove it.`;
}

export const PARENT_NOTICE = `All 'parent' PRs of a cherry-pick PR must have one of the "${RELEASE_NOTE}" or "${RELEASE_NOTE_ACTION_REQUIRED}" labels, or this PR must follow the standard/parent release note labeling requirement.`;

export const DEPRECATION_NOTICE = `Adding the "${RELEASE_NOTE_LABEL_NEEDED}" label and removing any existing "${RELEASE_NOTE_NONE}" label because there is a "${DEPRECATION}" label on the PR.`;

export const DEPRECATED_COMMANDS = `the \`/${RELEASE_NOTE}\` and \`/${RELEASE_NOTE_ACTION_REQUIRED}\` commands have been deprecated.
Please edit the \`release-note\` block in the PR body text to include the release note. If the release note requires additional action include the string \`action required\` in the release note. For example:
\`\`\`\`
\`\`\`release-note
Some release note with action required.
\`\`\`
\`\`\`\``;

export const NONE_NOT_ALLOWED = `you can only set the release note label to ${RELEASE_NOTE_NONE} if you are the PR author or an org member.`;
export const NONE_NEEDS_EMPTY_BLOCK = `you can only set the release note label to ${RELEASE_NOTE_NONE} if the release-note block in the PR body text is empty or "none".`;
export const NONE_WITH_DEPRECATION = `you can not set the release note label to "${RELEASE_NOTE_NONE}" because the PR has the label "${DEPRECATION}".`;
export const EDIT_NOT_MEMBER = 'You must be an org member to edit the release note.';
export const EDIT_NEEDS_BLOCK = '/release-note-edit must be used with a release note block.';
export const EDIT_NEEDS_SINGLE_BLOCK = '/release-note-edit must be used with a single release note block.';

export function parentsWithoutNote(parents: string[]): string {
  return `The following parent PRs have neither the "${RELEASE_NOTE}" nor the "${RELEASE_NOTE_ACTION_REQUIRED}" labels: ${parents.join(', ')}.`;
}
