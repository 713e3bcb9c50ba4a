// `prow branchprotector`'s flags; applying the policy is imported when it runs.
import { githubCommand } from '../github-command.js';

export const branchprotector = githubCommand({
  name: 'branchprotector',
  description: 'apply branch-protection from config.yaml to GitHub (dry-run unless --confirm)',
  flags: [{ name: 'confirm', type: 'bool', description: 'Mutate GitHub (without it, only print what would change)', default: false }],
  commonFlags: ['config-path', 'job-config-path', 'supplemental-prow-config-dir'],
  run: async (ctx) => (await import('../branchprotector/index.js')).runBranchprotector(ctx),
});
