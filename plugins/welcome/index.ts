// welcome: greets the author of a PR who has never opened one in the repo before with the configured message, a
// Go template over .AuthorLogin, .AuthorName, .Org and .Repo. Trusted authors (as `triggers` defines trust) are
// not greeted unless always_post is set, as upstream.
import type { Welcome } from '../../src/config/types.js';
import { parseTemplate } from '../../src/report/template.js';
import { entryForRepo } from '../shared/resolve.js';
import { isTrustedUser, trustSettingsFor } from '../shared/trust.js';
import { definePlugin } from '../types.js';
import { WELCOME } from './section.js';

export const DEFAULT_WELCOME_MESSAGE = 'Welcome @{{.AuthorLogin}}! It looks like this is your first PR to {{.Org}}/{{.Repo}} 🎉';

export const welcome = definePlugin<Welcome>({
  name: 'welcome',
  description: 'The welcome plugin greets incoming PRs with a welcoming message.',
  config: {
    sections: [WELCOME],
    resolve: (pc, { org, repo }) => entryForRepo(pc.welcome, org, repo) ?? {},
    describe: (w) => `The welcome plugin is configured to post using following welcome template: ${w.message_template || DEFAULT_WELCOME_MESSAGE}.`,
  },
  handlers: {
    async pullRequest(ctx) {
      if (ctx.action !== 'opened') return;
      const pr = ctx.event.pull_request;
      // Searching a bot's PRs is not possible, as upstream notes.
      if (pr.user.type !== 'User') return;
      const alwaysPost = ctx.settings.always_post ?? false;
      const user = pr.user.login;
      if (!alwaysPost && (await isTrustedUser(ctx.github, trustSettingsFor(ctx.pluginsConfig, ctx.org, ctx.repo), user, ctx.org, ctx.repo, ctx.botLogin))) return;
      if (!alwaysPost) {
        const earlier = await ctx.github.searchIssues(`is:pr repo:${ctx.org}/${ctx.repo} author:${user}`);
        if (earlier.some((i) => i.number !== pr.number)) return;
      }
      const source = ctx.settings.message_template || DEFAULT_WELCOME_MESSAGE;
      // Webhooks carry no name; the profile is read only when the template asks for it.
      let name = (pr.user as { name?: string | null }).name ?? '';
      if (!name && source.includes('AuthorName')) name = (await ctx.github.getUserByLogin(user)).name ?? '';
      const message = parseTemplate(source)
        .execute({ Org: ctx.org, Repo: ctx.repo, AuthorLogin: user, AuthorName: name });
      await ctx.github.createComment(ctx.org, ctx.repo, pr.number, message);
    },
  },
});
