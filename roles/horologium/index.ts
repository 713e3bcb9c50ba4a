// The horologium role: creates periodic ProwJobs when their interval, minimum_interval or cron point comes.
import { clockFromEnv } from '../../src/clock.js';
import type { Role } from '../../src/runtime/role.js';
import { Horologium } from './horologium.js';

export const horologium: Role = {
  name: 'horologium',
  description: 'creates ProwJobs for periodic jobs (interval, minimum_interval, cron)',
  singleton: true,
  flags: [],
  async start(ctx) {
    const h = new Horologium({
      store: ctx.store,
      config: () => ctx.config.config(),
      clock: clockFromEnv(),
      logger: ctx.logger,
      dryRun: ctx.flags.bool('dry-run'),
    });
    const stop = new AbortController();
    const running = h.run(stop.signal);
    return {
      stop: async () => {
        stop.abort();
        await running;
      },
    };
  },
};
