// The live log page: streams /log?job=&id= and appends text as it arrives, following the bottom of the page.
import { pageData } from './common.js';

async function follow(): Promise<void> {
  const data = pageData<{ job: string; id: string }>();
  const out = document.getElementById('log');
  const status = document.getElementById('log-status');
  if (!data || !out) return;
  const res = await fetch(`/log?job=${encodeURIComponent(data.job)}&id=${encodeURIComponent(data.id)}`);
  if (!res.ok || !res.body) {
    if (status) status.textContent = `Log unavailable: ${(await res.text()).trim()}`;
    return;
  }
  if (status) status.textContent = 'Streaming…';
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 20;
    // Text node: log lines are shown as text, never parsed as HTML.
    out.append(document.createTextNode(value));
    if (atBottom) window.scrollTo(0, document.body.scrollHeight);
  }
  if (status) status.textContent = 'Log complete.';
  document.body.dataset.complete = 'true';
}

follow().catch((e: unknown) => {
  const status = document.getElementById('log-status');
  if (status) status.textContent = `Log stream failed: ${(e as Error).message}`;
});
