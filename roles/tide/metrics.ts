// Tide's metrics with upstream's names (pooledprs, updatetime, merges, tidepoolerrors, tidequeryresults, syncdur,
// statusupdatedur, tidesyncheartbeat, tide_retests_total, and the tide_pool_*_prs gauges).
import client from 'prom-client';
import { getOrCreate, type MetricsRegistry } from '../../src/runtime/metrics.js';

type PoolLabels = 'org' | 'repo' | 'branch';

export interface TideMetrics {
  pooledPRs: client.Gauge<PoolLabels>;
  updateTime: client.Gauge<PoolLabels>;
  merges: client.Histogram<PoolLabels>;
  poolErrors: client.Counter<PoolLabels>;
  queryResults: client.Counter<'org' | 'result'>;
  syncDuration: client.Gauge;
  statusUpdateDuration: client.Gauge;
  heartbeat: client.Counter<'controller'>;
  retests: client.Counter<PoolLabels | 'action'>;
  poolMissingPRs: client.Gauge<PoolLabels>;
  poolPendingPRs: client.Gauge<PoolLabels>;
  poolSuccessfulPRs: client.Gauge<PoolLabels>;
  poolBatchPendingPRs: client.Gauge<PoolLabels>;
}

export function tideMetrics(r: MetricsRegistry): TideMetrics {
  const pool = ['org', 'repo', 'branch'] as const;
  return {
    pooledPRs: getOrCreate(r, 'pooledprs', () => new client.Gauge({ name: 'pooledprs', help: 'Number of PRs in each Tide pool.', labelNames: pool })),
    updateTime: getOrCreate(r, 'updatetime', () => new client.Gauge({ name: 'updatetime', help: 'The last time each subpool was synced. (Used to determine \'pooledprs\' freshness.)', labelNames: pool })),
    merges: getOrCreate(r, 'merges', () => new client.Histogram({ name: 'merges', help: 'Histogram of merges where values are the number of PRs merged together.', labelNames: pool, buckets: [1, 2, 3, 4, 5, 7, 10, 15, 25] })),
    poolErrors: getOrCreate(r, 'tidepoolerrors', () => new client.Counter({ name: 'tidepoolerrors', help: 'Count of Tide pool sync errors.', labelNames: pool })),
    queryResults: getOrCreate(r, 'tidequeryresults', () => new client.Counter({ name: 'tidequeryresults', help: 'Count of Tide queries by query, org, and result (success/error).', labelNames: ['org', 'result'] })),
    syncDuration: getOrCreate(r, 'syncdur', () => new client.Gauge({ name: 'syncdur', help: 'The duration of the last loop of the sync controller.' })),
    statusUpdateDuration: getOrCreate(r, 'statusupdatedur', () => new client.Gauge({ name: 'statusupdatedur', help: 'The duration of the last loop of the status update controller.' })),
    heartbeat: getOrCreate(r, 'tidesyncheartbeat', () => new client.Counter({ name: 'tidesyncheartbeat', help: 'Count of Tide syncs', labelNames: ['controller'] })),
    retests: getOrCreate(r, 'tide_retests_total', () => new client.Counter({ name: 'tide_retests_total', help: 'Total number of test retriggers by org, repo, branch, and action. Incremented when Tide triggers tests for PRs that need retesting. Action is either TRIGGER (serial) or TRIGGER_BATCH (batch).', labelNames: [...pool, 'action'] })),
    poolMissingPRs: getOrCreate(r, 'tide_pool_missing_prs', () => new client.Gauge({ name: 'tide_pool_missing_prs', help: 'Number of PRs with missing or failed tests in each pool. High values indicate testing bottlenecks.', labelNames: pool })),
    poolPendingPRs: getOrCreate(r, 'tide_pool_pending_prs', () => new client.Gauge({ name: 'tide_pool_pending_prs', help: 'Number of PRs with pending tests in each pool.', labelNames: pool })),
    poolSuccessfulPRs: getOrCreate(r, 'tide_pool_successful_prs', () => new client.Gauge({ name: 'tide_pool_successful_prs', help: 'Number of PRs with all tests passing in each pool.', labelNames: pool })),
    poolBatchPendingPRs: getOrCreate(r, 'tide_pool_batch_pending_prs', () => new client.Gauge({ name: 'tide_pool_batch_pending_prs', help: 'Number of PRs in a pending batch test in each pool.', labelNames: pool })),
  };
}
