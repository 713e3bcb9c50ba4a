// The horologium role: creates periodic ProwJobs when their interval, minimum_interval or cron point comes.
import type { Role } from '../../src/runtime/role.js';

export const horologium: Role = {
  name: 'horologium',
  description: 'creates ProwJobs for periodic jobs (interval, minimum_interval, cron)',
  singleton: true,
  flags: [],
  start: async (ctx) => (await import('./start.js')).startHorologium(ctx),
};
