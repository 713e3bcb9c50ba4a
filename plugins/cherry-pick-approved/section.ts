// The cherry-pick-approved plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import type { CherryPickApproved } from '../../src/config/types.js';
import { defineSection } from '../types.js';

export const DEFAULT_BRANCH_RE = '^release-.*$';

export const SECTION = defineSection<CherryPickApproved[]>({
  key: 'cherry_pick_approved',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        org: { type: 'string' },
        repo: { type: 'string' },
        branchregexp: { type: 'string' },
        approvers: { type: 'array', items: { type: 'string' } },
        allow_missing_approved_label: { type: 'boolean' },
        allow_missing_lgtm_label: { type: 'boolean' },
      },
    },
  },
  mergeable: true,
  defaults: (entries) => entries?.map((e) => ({ ...e, branchregexp: e.branchregexp || DEFAULT_BRANCH_RE })),
  check: (entries, report) => entries.forEach((e, i) => report.regex(`[${i}].branchregexp`, e.branchregexp)),
});
