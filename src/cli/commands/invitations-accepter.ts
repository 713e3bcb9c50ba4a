// `prow invitations-accepter`'s declaration; accepting is imported when it runs.
import { githubCommand } from '../github-command.js';

export const invitationsAccepter = githubCommand({
  name: 'invitations-accepter',
  description: 'accept the bot\'s pending repository and org invitations',
  flags: [],
  run: async (ctx) => (await import('../invitations-accepter.js')).runInvitationsAccepter(ctx),
});
