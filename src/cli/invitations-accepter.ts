// `prow invitations-accepter`: accepts the bot's pending repository and org invitations, as upstream's
// invitations-accepter (a periodic job). Each invitation is accepted on its own; one that fails is reported and the
// rest still go through.
import type { GitHubCommandContext } from './github-command.js';

/** `prow invitations-accepter`: returns the exit code. */
export async function runInvitationsAccepter({ flags, github, print }: GitHubCommandContext): Promise<number> {
  const dryRun = flags.bool('dry-run');
  const gh = github.forOrg('');
  let accepted = 0;
  let failed = 0;
  const accept = async (what: string, act: () => Promise<void>): Promise<void> => {
    if (dryRun) {
      print(`would accept the invitation to ${what}`);
      return;
    }
    try {
      await act();
      accepted++;
      print(`accepted the invitation to ${what}`);
    } catch (e) {
      failed++;
      print(`error: accepting the invitation to ${what}: ${(e as Error).message}`);
    }
  };
  for (const inv of await gh.listRepoInvitations()) await accept(`${inv.repository.full_name} (${inv.permissions})`, () => gh.acceptRepoInvitation(inv.id));
  for (const { org } of await gh.listPendingOrgInvitations()) await accept(`org ${org}`, () => gh.acceptOrgInvitation(org));
  print(`invitations-accepter: ${accepted} accepted, ${failed} failed${dryRun ? ' (dry run)' : ''}`);
  return failed > 0 ? 1 : 0;
}
