// The require-matching-label plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { compileGoRegex } from '../../src/config/goregex.js';
import type { RequireMatchingLabel } from '../../src/config/types.js';
import { defineSection } from '../types.js';

export const DEFAULT_GRACE_PERIOD = '5s';

export const SECTION = defineSection<RequireMatchingLabel[]>({
  key: 'require_matching_label',
  schema: {
    type: 'array',
    items: {
      type: 'object', additionalProperties: false,
      properties: {
        org: { type: 'string' }, repo: { type: 'string' }, branch: { type: 'string' }, prs: { type: 'boolean' }, issues: { type: 'boolean' },
        regexp: { type: 'string' }, missing_label: { type: 'string' }, missing_comment: { type: 'string' }, grace_period: { type: 'string' },
      },
    },
  },
  defaults: (rules) => rules?.map((r) => ({ ...r, grace_period: r.grace_period || DEFAULT_GRACE_PERIOD })),
  // Upstream's RequireMatchingLabel.validate, each problem at its field.
  check: (rules, report) => rules.forEach((r, i) => {
    const at = (f: string): string => `[${i}]${f ? `.${f}` : ''}`;
    if (!r.org) report.error(at('org'), "must specify 'org'");
    if (r.repo?.includes('/')) report.error(at('repo'), "'repo' may not contain '/'; specify the organization with 'org'");
    if (!r.regexp) report.error(at('regexp'), "must specify 'regexp'");
    if (!r.missing_label) report.error(at('missing_label'), "must specify 'missing_label'");
    if (!r.prs && !r.issues) report.error(at(''), "must specify 'prs: true' and/or 'issues: true'");
    if (!r.prs && r.branch) report.error(at('branch'), "branch cannot be specified without `prs: true'");
    report.duration(at('grace_period'), r.grace_period);
    report.regex(at('regexp'), r.regexp);
    if (r.regexp && r.missing_label) {
      try {
        if (compileGoRegex(r.regexp).test(r.missing_label)) report.error(at('regexp'), "'regexp' must not match 'missing_label'");
      } catch {
        // Reported above.
      }
    }
  }),
});
