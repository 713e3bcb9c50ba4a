// HTML output for every Deck page. Everything Deck shows (job names, PR titles, logs, artifacts) may come from
// an attacker, so every dynamic value goes through `escapeHtml` (text and attribute values alike).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A URL for an href: only http(s), and relative URLs; anything else (javascript:, data:) becomes "#". */
export function safeUrl(url: string | undefined): string {
  if (!url) return '#';
  const trimmed = url.trim();
  if (/^https?:\/\//i.test(trimmed) || /^\/(?!\/)/.test(trimmed) || /^[?#]/.test(trimmed)) return trimmed;
  return '#';
}

export interface PageOptions {
  title: string;
  /** Already-escaped HTML for the page body. */
  body: string;
  /** Browser modules to load from /static/. */
  scripts?: string[];
  /** Extra data for the page's script, serialized into a JSON block (never executed). */
  data?: unknown;
  csrfToken?: string;
  /** The signed-in GitHub user, if any. */
  user?: string;
  loginUrl?: string;
  announcement?: string;
  /** deck.branding: logo and favicon URLs (colours come from /branding.css). */
  branding?: { logo?: string; favicon?: string };
  /** Extra navigation entries (e.g. the GitHub App setup while GitHub is not connected). */
  extraNav?: [string, string][];
  /** The nav entry to mark as the current page. */
  current?: string;
}

const NAV: [string, string][] = [
  ['/', 'Prow Status'],
  ['/pr', 'PR Status'],
  ['/tide', 'Tide Status'],
  ['/tide-history', 'Tide History'],
  ['/command-help', 'Command Help'],
  ['/plugins', 'Plugins'],
  ['/config', 'Config'],
];

/** JSON inside <script type="application/json">: `<` is escaped so the text can never close the element. */
export function jsonScript(id: string, value: unknown): string {
  const json = JSON.stringify(value ?? null).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${escapeHtml(id)}">${json}</script>`;
}

export function page(opts: PageOptions): string {
  const nav = [...NAV, ...(opts.extraNav ?? [])]
    .map(([href, label]) => `<a href="${escapeHtml(href)}"${href === opts.current ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a>`)
    .join('');
  const logo = opts.branding?.logo ? `<img class="logo" src="${escapeHtml(safeUrl(opts.branding.logo))}" alt="">` : '';
  const favicon = opts.branding?.favicon ? safeUrl(opts.branding.favicon) : '/favicon.svg';
  const user = opts.user
    ? `<span class="user">Signed in as ${escapeHtml(opts.user)}</span><a class="logout" href="/github-logout">Sign out</a>`
    : opts.loginUrl
      ? `<a class="user" href="${escapeHtml(opts.loginUrl)}">Sign in with GitHub</a>`
      : '';
  const scripts = (opts.scripts ?? []).map((s) => `<script type="module" src="/static/${escapeHtml(s)}"></script>`).join('');
  const announcement = opts.announcement ? `<div class="announcement">${escapeHtml(opts.announcement)}</div>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${opts.csrfToken ? `<meta name="csrf-token" content="${escapeHtml(opts.csrfToken)}">` : ''}
<title>${escapeHtml(opts.title)}</title>
<link rel="icon" href="${escapeHtml(favicon)}">
<link rel="stylesheet" href="/static/style.css">
<link rel="stylesheet" href="/branding.css">
</head><body>
<a class="skip" href="#content">Skip to content</a>
<header><a class="brand" href="/">${logo}<span>Prow</span></a><nav aria-label="Deck pages">${nav}</nav>${user}</header>
<main id="content" tabindex="-1">${announcement}${opts.body}</main>
${opts.data === undefined ? '' : jsonScript('page-data', opts.data)}
${scripts}
</body></html>`;
}
