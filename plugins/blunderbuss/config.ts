// Blunderbuss's plugins.yaml section, `blunderbuss` (one for every repo, as upstream).
import { compileGoRegex } from '../../src/config/goregex.js';
import { defineSection, type PluginConfigSpec } from '../types.js';

/** Upstream's ContextMatch: the status that has to be reached before reviewers are requested. */
export interface ContextMatch {
  /** The status context (default `tide`). */
  context?: string;
  /** The state the context must be in (default `pending`). */
  state?: string;
  /** A Go regular expression the context's description must match (found anywhere in it). */
  description?: string;
}

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
  /**
   * Request reviewers only once this status is reached (by default: Tide says the tests passed but reviews are
   * missing), instead of when the PR opens.
   */
  wait_for_status?: ContextMatch;
}

export const DEFAULT_REQUEST_COUNT = 2;

/** Upstream's defaults for a `wait_for_status` that leaves fields out. */
export const WAIT_FOR_STATUS_DEFAULTS: Required<ContextMatch> = {
  context: 'tide',
  state: 'pending',
  description: 'Not mergeable. (PullRequest is missing sufficient approving GitHub review\\(s\\)|Needs (lgtm|approved|approved, lgtm) labels?)\\.?',
};

/** `wait_for_status` with upstream's defaults filled in; undefined when reviews are requested as PRs open. */
export function waitForStatus(b: BlunderbussSettings | undefined): Required<ContextMatch> | undefined {
  const w = b?.wait_for_status;
  if (!w) return undefined;
  return { context: w.context || WAIT_FOR_STATUS_DEFAULTS.context, state: w.state || WAIT_FOR_STATUS_DEFAULTS.state, description: w.description || WAIT_FOR_STATUS_DEFAULTS.description };
}

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
  defaults: (b) => {
    const wfs = waitForStatus(b);
    return { ...b, request_count: b?.request_count ?? DEFAULT_REQUEST_COUNT, ...(wfs ? { wait_for_status: wfs } : {}) };
  },
  check: (b, report) => {
    if (b.request_count !== undefined && b.request_count < 1) report.error('request_count', `invalid request_count: ${b.request_count} (needs to be positive)`);
    const wfs = waitForStatus(b);
    if (wfs) {
      try {
        compileGoRegex(wfs.description);
      } catch (e) {
        report.error('wait_for_status.description', `failed to compile blunderbuss wait for context description regular expression: ${JSON.stringify(wfs.description)}, error: ${(e as Error).message}`);
      }
    }
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
