// The blockade plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import type { Blockade } from '../../src/config/types.js';
import { defineSection } from '../types.js';

const strList = { type: 'array', items: { type: 'string' } };

export const SECTION = defineSection<Blockade[]>({
  key: 'blockades',
  schema: {
    type: 'array',
    items: {
      type: 'object', additionalProperties: false,
      properties: { repos: strList, branchregexp: { type: 'string' }, blockregexps: strList, exceptionregexps: strList, explanation: { type: 'string' } },
    },
  },
  check: (entries, report) => entries.forEach((b, i) => {
    report.regex(`[${i}].branchregexp`, b.branchregexp);
    (b.blockregexps ?? []).forEach((r, j) => report.regex(`[${i}].blockregexps[${j}]`, r));
    (b.exceptionregexps ?? []).forEach((r, j) => report.regex(`[${i}].exceptionregexps[${j}]`, r));
  }),
});
