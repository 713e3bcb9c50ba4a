// The exporter role's start, loaded only by a process that runs it.
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { registerProwJobMetrics } from './collector.js';

export async function startExporter(ctx: RoleContext): Promise<Stopper> {
  registerProwJobMetrics(ctx.metrics, () => ctx.store.list());
  return { stop: async () => {} };
}
