// Helpers shared by Deck's pages. Text always goes into the DOM as text (textContent), never as HTML.

export interface ProwJobLite {
  metadata: { name: string; creationTimestamp?: string };
  spec: {
    type: string;
    job: string;
    cluster?: string;
    agent?: string;
    refs?: {
      org: string;
      repo: string;
      repo_link?: string;
      base_ref?: string;
      pulls?: { number: number; author: string; sha: string; title?: string; link?: string; author_link?: string }[];
    };
    extra_refs?: { org: string; repo: string }[];
    rerun_auth_config?: { allow_anyone?: boolean };
  };
  status: {
    state?: string;
    startTime?: string;
    completionTime?: string;
    url?: string;
    build_id?: string;
    description?: string;
  };
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; title?: string; href?: string } = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  if (props.href !== undefined && e instanceof HTMLAnchorElement) e.href = safeHref(props.href);
  for (const c of children) e.append(c);
  return e;
}

/** Only http(s) and same-site links; `javascript:` and friends become inert. */
export function safeHref(url: string): string {
  if (/^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url) || /^[?#]/.test(url)) return url;
  return '#';
}

export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

/** POSTs with the CSRF token header; resolves to the response text, rejects with the server's message. */
export async function post(url: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'X-CSRF-Token': csrfToken() }, credentials: 'same-origin' });
  const text = await res.text();
  if (!res.ok) throw new Error(text.trim() || `${res.status} ${res.statusText}`);
  return text;
}

export { formatDuration, formatTime } from './time.js';

export function pageData<T>(): T | undefined {
  const node = document.getElementById('page-data');
  return node?.textContent ? (JSON.parse(node.textContent) as T) : undefined;
}

/** Shows a message in the page's status bar (text only). */
export function notify(message: string, isError = false): void {
  let bar = document.getElementById('notice');
  if (!bar) {
    bar = el('div', { className: 'notice' });
    bar.id = 'notice';
    document.body.append(bar);
  }
  bar.textContent = message;
  bar.classList.toggle('error', isError);
  bar.hidden = false;
}

/** Rerun and abort for one job: confirm, POST, report. */
export async function rerun(name: string, mode: 'latest' | 'original'): Promise<void> {
  try {
    const text = await post(`/rerun?prowjob=${encodeURIComponent(name)}&mode=${mode}`);
    notify(text);
  } catch (e) {
    notify(`Rerun failed: ${(e as Error).message}`, true);
  }
}

export async function abort(name: string): Promise<void> {
  try {
    const text = await post(`/abort?prowjob=${encodeURIComponent(name)}`);
    notify(text);
  } catch (e) {
    notify(`Abort failed: ${(e as Error).message}`, true);
  }
}
