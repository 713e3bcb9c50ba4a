// Finding slash commands in comments. As upstream, a command counts only on a line of its own outside quotes and
// code: quoted lines (`> /lgtm` in a reply) and fenced or indented code blocks are not commands.

/** The comment without quoted lines and fenced code blocks (``` or ~~~), line structure otherwise kept. */
export function commandText(body: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimStart();
    const opener = /^(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (opener && opener[1]!.startsWith(fence) && line.slice(opener[1]!.length).trim() === '') fence = undefined;
      continue;
    }
    if (opener) {
      fence = opener[1]!;
      continue;
    }
    // Four spaces or a tab before the text is an indented code block in Markdown.
    if (/^( {4}|\t)/.test(raw) && raw.trim() !== '') continue;
    if (line.startsWith('>')) continue;
    out.push(raw);
  }
  return out.join('\n');
}

/** Every match of `regex` in `text`, one per matching line (`regex` is used with the `g` and `m` flags added). */
export function matchAll(regex: RegExp, text: string): RegExpExecArray[] {
  const flags = new Set([...regex.flags, 'g', 'm']);
  const re = new RegExp(regex.source, [...flags].join(''));
  return [...text.matchAll(re)] as RegExpExecArray[];
}
