// The cherrypicker role's start: the plugin and its git work, loaded only by a process that runs it.
import path from 'node:path';
import { githubCloneURL } from '../../src/github/flags.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { startExternalRole } from '../../plugins/external.js';
import { CHERRYPICKER_NAME, DEFAULT_LABEL_PREFIX } from '../../plugins/cherrypicker/constants.js';
import { createCherrypicker } from '../../plugins/cherrypicker/index.js';
import { gitAuthHeader } from '../../plugins/cherrypicker/git.js';
import { CHERRYPICKER_DEFAULT_PORT } from './index.js';

export async function startCherrypicker(ctx: RoleContext): Promise<Stopper> {
  const host = ctx.github?.host ?? 'github.com';
  const plugin = createCherrypicker({
    workDir: path.join(ctx.dataDir, 'cherrypicker'),
    cloneURI: (owner, repo) => githubCloneURL(host, owner, repo),
    gitAuthorization: async (org) => (ctx.github ? gitAuthHeader(await ctx.github.authFor(org)()) : undefined),
    labels: ctx.flags.list('labels'),
    prowAssignments: ctx.flags.has('use-prow-assignments') ? ctx.flags.bool('use-prow-assignments') : true,
    allowAll: ctx.flags.bool('allow-all'),
    issueOnConflict: ctx.flags.bool('create-issue-on-conflict'),
    labelPrefix: ctx.flags.string('label-prefix') ?? DEFAULT_LABEL_PREFIX,
    dryRun: ctx.flags.bool('dry-run'),
  });
  return startExternalRole(ctx, { name: CHERRYPICKER_NAME, plugin, port: ctx.flags.int('cherrypicker-port') ?? CHERRYPICKER_DEFAULT_PORT });
}
