// Parsing `/project <board> [column]` and `/project clear <board>` as upstream: a board or column with spaces is
// quoted ('…' or "…"); without quotes the first word is the board and the rest the column.

export interface ProjectCommand {
  project: string;
  /** '' when not given. */
  column: string;
  clear: boolean;
}

export const INVALID_NUM_ARGS = 'Please provide 1 or more arguments. Example usage: /project 0.5.0, /project 0.5.0 To do, /project clear 0.4.0';

/** The command's arguments (what follows `/project `); undefined when they are not one or two names. */
export function parseProjectCommand(args: string): ProjectCommand | undefined {
  let content = args.trim();
  // Upstream treats any argument starting with "clear" as the keyword; here it must be a word of its own, so a
  // board named "clearance" can be used.
  const clear = /^clear(\s|$)/.test(content);
  if (clear) content = content.slice('clear'.length).trim();
  content = content.replaceAll('"', "'");
  const raw = content.includes("'") ? content.split("'") : splitOnce(content, ' ');
  const parts = raw.map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 2) return undefined;
  return { project: parts[0]!, column: parts[1] ?? '', clear };
}

function splitOnce(s: string, sep: string): string[] {
  const at = s.indexOf(sep);
  return at < 0 ? [s] : [s.slice(0, at), s.slice(at + sep.length)];
}
