// `prow peribolos`'s flags; planning and applying the org config is imported when it runs.
import { githubCommand } from '../github-command.js';

const bool = (name: string, description: string, dflt = false) => ({ name, type: 'bool' as const, description, default: dflt });

export const peribolos = githubCommand({
  name: 'peribolos',
  description: 'keep GitHub orgs, teams, members and repos as an org config file says (dry-run unless --confirm)',
  flags: [
    { name: 'config-path', type: 'string', description: 'Path to the org config.yaml', placeholder: 'PATH' },
    bool('confirm', 'Mutate GitHub if set (without it, only print what would change)'),
    { name: 'dump', type: 'string', description: 'Output the current config of this org', placeholder: 'ORG' },
    bool('dump-full', 'With --dump: output a whole config file (orgs: {<org>: …}) instead of a snippet'),
    { name: 'maximum-removal-delta', type: 'string', description: 'Fail if config removes more than this fraction of current members (or teams)', default: '0.25' },
    { name: 'min-admins', type: 'int', description: 'Ensure config specifies at least this many admins', default: 5 },
    { name: 'required-admins', type: 'list', description: 'Ensure config specifies these users as admins (repeatable)' },
    bool('require-self', 'Ensure the authenticated user is an admin', true),
    bool('ignore-invitees', 'Do not compare missing members with active invitations'),
    bool('ignore-secret-teams', 'Do not dump or update secret teams'),
    bool('fix-org', 'Change org metadata'),
    bool('fix-org-members', 'Add/remove org members'),
    bool('fix-teams', 'Create/delete/update teams'),
    bool('fix-team-members', 'Add/remove team members (requires --fix-teams)'),
    bool('fix-team-repos', 'Add/remove team permissions on repos (requires --fix-teams)'),
    bool('fix-repos', 'Create/update repositories'),
    bool('allow-repo-archival', 'Allow archiving repos while updating repos'),
    bool('allow-repo-publish', 'Allow making private repos public while updating repos'),
  ],
  run: async (ctx) => (await import('../peribolos/index.js')).runPeribolos(ctx),
});
