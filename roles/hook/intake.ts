// The hook's "no event lost" parts, wired from flags: the intake ledger and its door check, catch-up (at start and
// every --catch-up-interval) and poll mode (--github-poll-interval).
import path from 'node:path';
import type { RoleContext } from '../../src/runtime/role.js';
import { CatchUp } from './catchup.js';
import type { Hook } from './hook.js';
import { Intake } from './intake-filter.js';
import { IntakeLedger } from './intake-ledger.js';
import { DEFAULT_POLL_HOURLY_BUDGET } from './flags.js';
import { Poller } from './poller.js';

/** A repeatable change (a label added again) counts as new after this long, or three poll intervals if longer. */
const MIN_REPEAT_WINDOW_MS = 5 * 60_000;

function pollIntervalMs(ctx: RoleContext): number {
  return ctx.flags.durationMs('github-poll-interval') ?? 0;
}

/** The ledger under <data-dir>/hook/intake/ and the door check (content de-duplication only in poll mode). */
export function intakeFilter(ctx: RoleContext): Intake {
  const ledger = new IntakeLedger(path.join(ctx.dataDir, 'hook', 'intake'));
  const poll = pollIntervalMs(ctx);
  return new Intake(ledger, ctx.metrics, poll > 0, Math.max(MIN_REPEAT_WINDOW_MS, 3 * poll));
}

/** Starts catch-up and poll mode as the flags ask; stop() ends both and waits for a poll in progress. */
export function startIntake(ctx: RoleContext, hook: Hook, intake: Intake): { stop: () => Promise<void> } {
  const github = ctx.github;
  const catchUpMs = ctx.flags.durationMs('catch-up-interval') ?? 0;
  const pollMs = pollIntervalMs(ctx);
  const plugins = (): ReturnType<RoleContext['config']['snapshot']>['plugins'] => ctx.config.snapshot().plugins;
  let timer: NodeJS.Timeout | undefined;
  let catchUp: CatchUp | undefined;
  if (!github) {
    if (pollMs > 0) ctx.logger.error('--github-poll-interval needs GitHub access; poll mode is off');
  } else if (catchUpMs > 0) {
    catchUp = new CatchUp({ github, ledger: intake.ledger, plugins, logger: ctx.logger, metrics: ctx.metrics, hookUrl: ctx.flags.string('catch-up-hook-url') });
    const scan = catchUp;
    void scan.scan();
    timer = setInterval(() => void scan.scan(), catchUpMs);
    timer.unref();
  }
  let poller: Poller | undefined;
  if (github && pollMs > 0) {
    poller = new Poller({
      github, plugins, intake,
      submit: (d, ev) => hook.submit(d, ev),
      secrets: hook.secrets,
      stateDir: path.join(ctx.dataDir, 'hook', 'poller'),
      intervalMs: pollMs,
      hourlyBudget: ctx.flags.int('github-poll-hourly-budget') ?? DEFAULT_POLL_HOURLY_BUDGET,
      logger: ctx.logger.child({ loop: 'poller' }),
      metrics: ctx.metrics,
    });
    poller.start();
  }
  return {
    stop: async () => {
      clearInterval(timer);
      await poller?.stop();
      await catchUp?.idle();
    },
  };
}
