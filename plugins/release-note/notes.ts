// Reading the release note out of a PR body, and which release-note label it calls for, as upstream's releasenote
// plugin does: the note is the first ```release-note fenced block (or a plain fence after "Release note**:").
import { DEPRECATION, RELEASE_NOTE, RELEASE_NOTE_ACTION_REQUIRED, RELEASE_NOTE_LABEL_NEEDED, RELEASE_NOTE_NONE } from '../shared/labels.js';

/** Every label this plugin manages; a PR carries exactly one of them. */
export const ALL_RELEASE_NOTE_LABELS = [RELEASE_NOTE_NONE, RELEASE_NOTE_ACTION_REQUIRED, RELEASE_NOTE_LABEL_NEEDED, RELEASE_NOTE] as const;

// Upstream's noteMatcherRE; group 1 is the note (the `d` flag gives its position for /release-note-edit).
const NOTE_RE = /(?:Release note\*\*:\s*(?:<!--[^<>]*-->\s*)?```(?:release-note)?|```release-note)([\s\S]+?)```/d;
const NONE_RE = /^\W*(NONE|NO)\W*$/i;
const CHERRY_PICK_RE = /Cherry pick of #(\d+) on release-(\d+\.\d+)./;

/** The release note in `body` ('' when there is no complete block: an unclosed fence is no note). */
export function releaseNoteOf(body: string): string {
  const m = NOTE_RE.exec(body);
  return m ? m[1]!.trim() : '';
}

/** Where the note's text sits in `body` (the span between the fences), if there is a block. */
export function releaseNoteSpan(body: string): [number, number] | undefined {
  const m = NOTE_RE.exec(body);
  return m?.indices?.[1];
}

/** The release-note label a PR with this body and these labels should have. */
export function labelFor(body: string, labels: ReadonlySet<string>): string {
  const note = releaseNoteOf(body).toLowerCase();
  const deprecation = labels.has(DEPRECATION);
  if (note === '') {
    if (deprecation) return RELEASE_NOTE_LABEL_NEEDED;
    return labels.has(RELEASE_NOTE_NONE) ? RELEASE_NOTE_NONE : RELEASE_NOTE_LABEL_NEEDED;
  }
  // A deprecation must come with a real note.
  if (NONE_RE.test(note)) return deprecation ? RELEASE_NOTE_LABEL_NEEDED : RELEASE_NOTE_NONE;
  if (note.includes('action required')) return RELEASE_NOTE_ACTION_REQUIRED;
  return RELEASE_NOTE;
}

/** The PR numbers a cherry-pick's body names as its parents ("Cherry pick of #123 on release-1.2."). */
export function cherryPickParents(body: string): number[] {
  const out: number[] = [];
  for (const line of body.split('\n')) {
    const m = CHERRY_PICK_RE.exec(line);
    if (m) out.push(Number(m[1]));
  }
  return out;
}
