// The bot's reply format, as upstream's plugins.FormatResponse family: `@user: message`, then a details block with
// the reason (the quoted comment being answered) and the footer about the bot.
export const ABOUT_THIS_BOT_WITHOUT_COMMANDS =
  'Instructions for interacting with me using PR comments are available [here](https://git.k8s.io/community/contributors/guide/pull-requests.md).  If you have questions or suggestions related to my behavior, please file an issue against the [kubernetes-sigs/prow](https://github.com/kubernetes-sigs/prow/issues/new?title=Prow%20issue:) repository.';
export const ABOUT_THIS_BOT_COMMANDS = 'I understand the commands that are listed [here](https://go.k8s.io/bot-commands).';
export const ABOUT_THIS_BOT = `${ABOUT_THIS_BOT_WITHOUT_COMMANDS} ${ABOUT_THIS_BOT_COMMANDS}`;

/** Upstream's FormatResponse: a reply to `to` with the reason in a details block. */
export function formatResponse(to: string, message: string, reason: string): string {
  return `@${to}: ${message}

<details>

${reason}

${ABOUT_THIS_BOT}
</details>`;
}

/** Upstream's FormatSimpleResponse: a reply with only the footer. */
export function formatSimpleResponse(to: string, message: string): string {
  return `@${to}: ${message}

<details>

${ABOUT_THIS_BOT}
</details>`;
}

/** Upstream's FormatResponseRaw: the reply quotes the comment it answers and links to it. */
export function formatResponseRaw(body: string, bodyUrl: string, login: string, reply: string): string {
  const quoted = body.split('\n').map((l) => `>${l}`).join('\n');
  return formatResponse(login, reply, `In response to [this](${bodyUrl}):

${quoted}
`);
}

/**
 * Upstream's FormatSimpleResponse(message): a notice addressed to no one (the form upstream's bots use for
 * labels they apply on their own: merge commits, missing release notes, require-matching-label's comment).
 */
export function formatNotice(message: string): string {
  return `${message}

<details>

${ABOUT_THIS_BOT}
</details>`;
}
