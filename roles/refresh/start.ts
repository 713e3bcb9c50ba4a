// The refresh role's start: the plugin, loaded only by a process that runs it.
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { startExternalRole } from '../../plugins/external.js';
import { REFRESH_NAME } from '../../plugins/refresh/constants.js';
import { refresh } from '../../plugins/refresh/index.js';
import { REFRESH_DEFAULT_PORT } from './index.js';

export function startRefresh(ctx: RoleContext): Promise<Stopper> {
  return startExternalRole(ctx, { name: REFRESH_NAME, plugin: refresh, port: ctx.flags.int('refresh-port') ?? REFRESH_DEFAULT_PORT });
}
