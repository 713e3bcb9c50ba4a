// slackevents: tells Slack about pushes to watched repos by people not exempted (`slack.mergewarnings`: merges
// that bypassed Tide, force pushes, new and deleted branches), and reiterates `@kubernetes/sig-foo-bugs` style
// mentions in the SIG's channel when it is one of `slack.mentionchannels`. Messages go through the hook's Slack
// client (--slack-token-file); text from GitHub is escaped for Slack.
import { pushBranch } from '../context.js';
import { entryForRepo } from '../shared/resolve.js';
import { definePlugin } from '../types.js';
import { SLACK } from './section.js';

interface MergeWarning {
  repos?: string[];
  channels?: string[];
  exempt_users?: string[];
  exempt_branches?: Record<string, string[]>;
}

export interface SlackSettings {
  mentionchannels?: string[];
  mergewarnings?: MergeWarning[];
}

const SIG_MENTION = /@kubernetes\/sig-([\w-]*)-(misc|test-failures|bugs|feature-requests|proposals|pr-reviews|api-reviews)/g;

/** Slack's control characters in message text. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const norm = (login: string): string => login.replace(/^@/, '').toLowerCase();

export const slackevents = definePlugin<SlackSettings>({
  name: 'slackevents',
  description: `The slackevents plugin reacts to various GitHub events by commenting in Slack channels.
<ol><li>The plugin can create comments to alert on manual merges. Manual merges are merges made by a normal user instead of a bot or trusted user.</li>
<li>The plugin can create comments to reiterate SIG mentions like '@kubernetes/sig-testing-bugs' from GitHub.</li></ol>`,
  config: {
    sections: [SLACK],
    resolve: (pc) => (pc.slack as SlackSettings | undefined) ?? {},
    describe: (s, where) => {
      const [org, repo] = where.split('/');
      const mw = entryForRepo(s.mergewarnings, org!, repo ?? '');
      const mentions = `SIG mentions on GitHub are reiterated for the following SIG Slack channels: ${(s.mentionchannels ?? []).join(', ')}.`;
      if (!mw) return `${mentions} There are no manual merge warnings configured for this repo.`;
      return `${mentions} In this repo merges are considered manual and trigger manual merge warnings if the user who merged is not a member of this universal exemption list: ${(mw.exempt_users ?? []).join(', ')} or merged to a branch they are not specifically exempted for: ${JSON.stringify(mw.exempt_branches ?? {})}.<br>Warnings are sent to the following Slack channels: ${(mw.channels ?? []).join(', ')}.`;
    },
  },
  handlers: {
    async push(ctx) {
      const e = ctx.event;
      const mw = entryForRepo(ctx.settings.mergewarnings, ctx.org, ctx.repo);
      if (!mw || (mw.channels ?? []).length === 0) return;
      const branch = pushBranch(e.ref);
      const exempt = new Set([...(mw.exempt_users ?? []), ...(mw.exempt_branches?.[branch] ?? [])].map(norm));
      const sender = e.sender?.login ?? '';
      if (exempt.has(norm(e.pusher?.name ?? '')) || exempt.has(norm(sender))) return;
      const who = `${sender} (<@${sender}>)`;
      const n = e.commits?.length ?? 0;
      const link = e.compare ?? '';
      const message = e.created ? `*Warning:* ${who} pushed a new branch (${branch}): ${link}`
        : e.deleted ? `*Warning:* ${who} deleted a branch (${branch}): ${link}`
          : e.forced ? `*Warning:* ${who} *force* merged ${n} commit(s) into ${branch}: ${link}`
            : `*Warning:* ${who} manually merged ${n} commit(s) into ${branch}: ${link}`;
      const slack = ctx.services.slack;
      if (!slack) {
        ctx.logger.error('slackevents: a merge warning is due but the hook has no Slack client (set --slack-token-file)', { branch, sender });
        return;
      }
      for (const channel of mw.channels ?? []) await slack.writeMessage(message, channel);
    },
    async genericComment(ctx) {
      const e = ctx.event;
      if (ctx.isBot || e.action !== 'created') return;
      const channels = new Set(ctx.settings.mentionchannels ?? []);
      const posted = new Set<string>();
      for (const m of e.body.matchAll(SIG_MENTION)) {
        const sig = `sig-${m[1]}`;
        // One message per channel per comment, however often the comment mentions the SIG.
        if (!channels.has(sig) || posted.has(sig)) continue;
        posted.add(sig);
        const slack = ctx.services.slack;
        if (!slack) {
          ctx.logger.error('slackevents: a SIG mention is due but the hook has no Slack client (set --slack-token-file)', { sig });
          return;
        }
        const login = e.user.login;
        await slack.writeMessage(`${sig} was mentioned by ${login} (<@${login}>) on GitHub. (${e.htmlUrl})\n>>>${escapeSlack(e.body)}`, sig);
      }
    },
  },
});
