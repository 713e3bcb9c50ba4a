// Blunderbuss's plugins.yaml section, `blunderbuss` (one for every repo, as upstream).
import { defineSection, type PluginConfigSpec } from '../types.js';

export interface BlunderbussSettings {
  /** The minimum number of reviewers to request (default 2). */
  request_count?: number;
  /** The most reviewers to request (0: no limit). */
  max_request_count?: number;
  /** Never fall back to approvers when OWNERS name too few reviewers. */
  exclude_approvers?: boolean;
  /** Skip users whose GitHub status says they are busy (one GraphQL query per candidate). */
  use_status_availability?: boolean;
  ignore_drafts?: boolean;
  ignore_authors?: string[];
  /** Accepted for compatibility with newer upstream configs; not acted on (README: Not built yet). */
  wait_for_status?: { context?: string; state?: string; description?: string };
}

export const DEFAULT_REQUEST_COUNT = 2;

const BLUNDERBUSS = defineSection<BlunderbussSettings>({
  key: 'blunderbuss',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      request_count: { type: 'integer' },
      max_request_count: { type: 'integer', minimum: 0 },
      exclude_approvers: { type: 'boolean' },
      use_status_availability: { type: 'boolean' },
      ignore_drafts: { type: 'boolean' },
      ignore_authors: { type: 'array', items: { type: 'string' } },
      wait_for_status: {
        type: 'object', additionalProperties: false, properties: { context: { type: 'string' }, state: { type: 'string' }, description: { type: 'string' } },
      },
    },
  },
  defaults: (b) => ({ ...b, request_count: b?.request_count ?? DEFAULT_REQUEST_COUNT }),
  check: (b, report) => {
    if (b.request_count !== undefined && b.request_count < 1) report.error('request_count', `invalid request_count: ${b.request_count} (needs to be positive)`);
  },
});

export const BLUNDERBUSS_CONFIG: PluginConfigSpec<BlunderbussSettings> = {
  sections: [BLUNDERBUSS],
  resolve: (pc) => ({ request_count: DEFAULT_REQUEST_COUNT, ...(pc.blunderbuss as BlunderbussSettings | undefined) }),
  describe: (b) => {
    const n = b.request_count ?? DEFAULT_REQUEST_COUNT;
    return `Blunderbuss is currently configured to request reviews from ${n} reviewer${n > 1 ? 's' : ''}.`;
  },
};
