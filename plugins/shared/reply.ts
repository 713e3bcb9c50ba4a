// The bot's reply format, as upstream's plugins.FormatResponse family: `@user: message`, then a details block with
// the reason (the quoted comment being answered) and the footer about the bot.
export const ABOUT_THIS_BOT_WITHOUT_COMMANDS =
  'Instructions for interacting with me using PR comments are available [here](https://git.k8s.io/community/contributors/guide/pull-requests.md).  If you have questions or suggestions related to my behavior, please file an issue against the [kubernetes-sigs/prow](https://github.com/kubernetes-sigs/prow/issues/new?title=Prow%20issue:) repository.';
export const ABOUT_THIS_BOT_COMMANDS = 'I understand the commands that are listed [here](https://go.k8s.io/bot-commands).';
export const ABOUT_THIS_BOT = `${ABOUT_THIS_BOT_WITHOUT_COMMANDS} ${ABOUT_THIS_BOT_COMMANDS}`;

/** Upstream's FormatResponse: a reply to `to` with the reason in a details block (its footer omits the commands link). */
export function formatResponse(to: string, message: string, reason: string): string {
  return `@${to}: ${message}

<details>

${reason}

${ABOUT_THIS_BOT_WITHOUT_COMMANDS}
</details>`;
}

/** A reply to `to` with only the footer (upstream's older FormatSimpleResponse; today's is formatNotice). */
export function formatSimpleResponse(to: string, message: string): string {
  return `@${to}: ${message}

<details>

${ABOUT_THIS_BOT_WITHOUT_COMMANDS}
</details>`;
}

/** Upstream's FormatResponseRaw: the reply quotes the comment it answers and links to it. */
export function formatResponseRaw(body: string, bodyUrl: string, login: string, reply: string): string {
  const quoted = body.split('\n').map((l) => `>${l}`).join('\n');
  return formatResponse(login, reply, `In response to [this](${bodyUrl}):

${quoted}
`);
}

/** Upstream's FormatSimpleResponse (current form): a notice to nobody in particular, with the footer only. */
export function formatNotice(message: string): string {
  return `${message}

<details>

${ABOUT_THIS_BOT_WITHOUT_COMMANDS}
</details>`;
}
