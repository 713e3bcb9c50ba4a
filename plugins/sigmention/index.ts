// sigmention: a comment mentioning a SIG team (`@kubernetes/sig-testing-bugs`, matched by `sigmention.regexp`) gets
// the issue or PR the `sig/testing` label (when the repo has it) and the kind label the team suffix names; a
// non-member's mention is repeated by the bot, since GitHub does not notify teams for non-members' mentions.
import { compileGoRegex } from '../../src/config/goregex.js';
import { BUG, hasLabel } from '../shared/labels.js';
import { definePlugin } from '../types.js';
import { SIGMENTION } from './section.js';

export const DEFAULT_SIG_REGEXP = '(?m)@kubernetes/sig-([\\w-]*)-(misc|test-failures|bugs|feature-requests|proposals|pr-reviews|api-reviews)';

const KIND_FOR_SUFFIX: Record<string, string> = {
  bugs: BUG,
  'feature-requests': 'kind/feature',
  'api-reviews': 'kind/api-change',
  proposals: 'kind/design',
};

export const sigmention = definePlugin<{ regexp: string }>({
  name: 'sigmention',
  description: `The sigmention plugin responds to SIG (Special Interest Group) GitHub team mentions like '@kubernetes/sig-testing-bugs'. The plugin responds in two ways:
<ol><li> The appropriate 'sig/*' and 'kind/*' labels are applied to the issue or pull request. In this case 'sig/testing' and 'kind/bug'.</li>
<li> If the user who mentioned the GitHub team is not a member of the organization that owns the repository the bot will create a comment that repeats the mention. This is necessary because non-member mentions do not trigger GitHub notifications.</li></ol>`,
  config: {
    sections: [SIGMENTION],
    resolve: (pc) => ({ regexp: (pc.sigmention as { regexp?: string } | undefined)?.regexp || DEFAULT_SIG_REGEXP }),
    describe: (s) => `Labels added by the plugin are triggered by mentions of GitHub teams matching the following regexp:\n${s.regexp}`,
  },
  handlers: {
    async genericComment(ctx) {
      const e = ctx.event;
      if (ctx.isBot || e.action !== 'created') return;
      const re = compileGoRegex(ctx.settings.regexp);
      const matches = [...e.body.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))];
      if (matches.length === 0) return;
      const gh = ctx.github;
      const labels = await gh.getIssueLabels(ctx.org, ctx.repo, e.number);
      const existing = new Map((await gh.getRepoLabels(ctx.org, ctx.repo)).map((l) => [l.name.toLowerCase(), l.name]));
      const added = new Set<string>();
      const add = async (label: string): Promise<void> => {
        if (hasLabel(labels, label) || added.has(label.toLowerCase())) return;
        added.add(label.toLowerCase());
        try {
          await gh.addLabel(ctx.org, ctx.repo, e.number, label);
        } catch (err) {
          ctx.logger.error(`GitHub failed to add the following label: ${label}`, { error: err });
        }
      };
      const toRepeat: string[] = [];
      const nonexistent: string[] = [];
      for (const m of matches) {
        const sigLabel = existing.get(`sig/${m[1] ?? ''}`.toLowerCase());
        if (!sigLabel) {
          nonexistent.push(`sig/${m[1] ?? ''}`);
          continue;
        }
        await add(sigLabel);
        const kind = m[2] !== undefined ? KIND_FOR_SUFFIX[m[2]] : undefined;
        if (kind) await add(kind);
        toRepeat.push(m[0]);
      }
      if (nonexistent.length > 0) ctx.logger.info(`Nonexistent labels: ${nonexistent.join(' ')}`);
      if (toRepeat.length === 0 || (await gh.isMember(ctx.org, e.user.login))) return;
      const msg = `Reiterating the mentions to trigger a notification: \n${toRepeat.join(', ')}\n`;
      await ctx.respond(msg);
    },
  },
});
