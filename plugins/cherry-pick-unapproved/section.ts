// The cherry-pick-unapproved plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { CherryPickUnapprovedSettings } from './index.js';

export const DEFAULT_BRANCH_RE = '^release-.*$';

export const DEFAULT_COMMENT =
  'This PR is not for the master branch but does not have the `cherry-pick-approved`  label. Adding the `do-not-merge/cherry-pick-not-approved`  label.';

export const SECTION = defineSection<CherryPickUnapprovedSettings>({
  key: 'cherry_pick_unapproved',
  schema: { type: 'object', additionalProperties: false, properties: { branchregexp: { type: 'string' }, comment: { type: 'string' } } },
  defaults: (v) => ({ ...v, branchregexp: v?.branchregexp || DEFAULT_BRANCH_RE, comment: v?.comment || DEFAULT_COMMENT }),
  check: (v, report) => report.regex('branchregexp', v.branchregexp),
});
