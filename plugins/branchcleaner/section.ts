// The branchcleaner plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { BranchCleaner } from './index.js';

export const BRANCH_CLEANER = defineSection<BranchCleaner>({
  key: 'branch_cleaner',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { preserved_branches: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
  },
  check: (bc, report) => {
    for (const [where, list] of Object.entries(bc.preserved_branches ?? {})) list.forEach((p, i) => report.regex(`preserved_branches.${JSON.stringify(where)}[${i}]`, p));
  },
});
