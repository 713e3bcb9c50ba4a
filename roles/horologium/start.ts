// The horologium role's start, loaded only by a process that runs it.
import { clockFromEnv } from '../../src/clock.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { Horologium } from './horologium.js';

export async function startHorologium(ctx: RoleContext): Promise<Stopper> {
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
}
