// The tide role: merges PRs that meet the `tide:` queries once their required jobs pass against the current base,
// retesting and batching (a singleton). Serves its pools and history on --tide-port (upstream tide's `/`, `/history`).
import type { Flags } from '../../src/runtime/flags.js';
import type { Role } from '../../src/runtime/role.js';

export const DEFAULT_TIDE_PORT = 8888;

/** In all-in-one mode tide's two JSON routes share hook's server, as both default to upstream's 8888. */
export const tidePort = (flags: Flags): number => flags.int('tide-port') ?? flags.int('hook-port') ?? DEFAULT_TIDE_PORT;

export const tide: Role = {
  name: 'tide',
  description: 'merges PRs that meet the tide queries once their jobs pass; retests, batches, the `tide` status context',
  singleton: true,
  flags: [
    { name: 'tide-port', type: 'int', description: `Port for tide's pools (/) and history (/history) (default: --hook-port when given, else ${DEFAULT_TIDE_PORT}, upstream tide's --port)` },
    { name: 'history-uri', type: 'string', description: 'Where tide keeps its action history across restarts: a file path, file://, gs://bucket/key or s3://bucket/key (default <data-dir>/tide/history.json)', placeholder: 'URI' },
    { name: 'tide-status-path', type: 'string', description: 'Where tide\'s status controller keeps where each org\'s incremental search stands, so a restart searches incrementally: a file path, file://, gs://bucket/key or s3://bucket/key (default: --status-path, else <data-dir>/tide/status.yaml)', placeholder: 'URI' },
    { name: 'status-path', type: 'string', description: 'Upstream\'s --status-path (tide, status-reconciler): used when the role\'s own flag is not given (tide leaves it to status-reconciler when both run in one process)', placeholder: 'URI' },
    { name: 'tide-merge-spacing', type: 'duration', description: 'Pause between the merges of one batch so GitHub recomputes mergeability (default 5s, as upstream)' },
  ],
  ports: (flags) => [tidePort(flags)],
  start: async (ctx) => (await import('./start.js')).startTide(ctx),
};
