// /badge.svg?jobs=a,b,prefix-*: a shields-style "build | passing" badge from the latest finished run of each
// matching job, with upstream's texts and colours.
import type { ProwJob } from '../../src/api/prowjob.js';
import { escapeHtml } from './html.js';

export interface Badge {
  status: string;
  color: string;
  svg: string;
}

/** Whether a job name matches one of the comma-separated patterns (a trailing `*` matches a prefix). */
export function badgeMatcher(jobsParam: string): (name: string) => boolean {
  const patterns = jobsParam.split(',').map((p) => p.trim()).filter((p) => p !== '');
  return (name) => patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/** The newest finished (success or failure) run of each job name. */
export function latestFinished(jobs: Iterable<ProwJob>, matches: (name: string) => boolean): ProwJob[] {
  const latest = new Map<string, ProwJob>();
  for (const pj of jobs) {
    const state = pj.status.state;
    if (state !== 'success' && state !== 'failure') continue;
    if (!matches(pj.spec.job)) continue;
    const prev = latest.get(pj.spec.job);
    if (!prev || (pj.status.startTime ?? '') > (prev.status.startTime ?? '')) latest.set(pj.spec.job, pj);
  }
  return [...latest.values()].sort((a, b) => a.spec.job.localeCompare(b.spec.job));
}

export function renderBadge(pjs: ProwJob[]): Badge {
  const failed = pjs.filter((pj) => pj.status.state === 'failure').map((pj) => pj.spec.job);
  let status = 'passing';
  let color = '4c1';
  if (failed.length > 0) {
    color = 'e05d44';
    status = failed.length > 3 ? `${failed.length} jobs failing` : `failing ${failed.join(', ')}`;
  }
  if (pjs.length === 0) {
    status = 'no results';
    color = 'darkgrey';
  }
  return { status, color, svg: makeShield('build', status, color) };
}

function makeShield(subject: string, status: string, color: string): string {
  // Characters estimated at 6px wide, as upstream does.
  const rightStart = 13 + 6 * subject.length;
  const rightWidth = 13 + 6 * status.length;
  const width = rightStart + rightWidth;
  const xLeft = rightStart / 2;
  const xRight = rightStart + (rightWidth - 2) / 2;
  const fill = /^[0-9a-f]{3,6}$/.test(color) ? `#${color}` : color;
  const s = escapeHtml(subject);
  const t = escapeHtml(status);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20">
<linearGradient id="a" x2="0" y2="100%">
  <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
  <stop offset="1" stop-opacity=".1"/>
</linearGradient>
<rect rx="3" width="${width}" height="20" fill="#555"/>
<rect rx="3" x="${rightStart}" width="${rightWidth}" height="20" fill="${fill}"/>
<path fill="${fill}" d="M${rightStart} 0h4v20h-4z"/>
<rect rx="3" width="${width}" height="20" fill="url(#a)"/>
<g fill="#fff" text-anchor="middle" font-family="DejaVu Sans,Verdana,Geneva,sans-serif" font-size="11">
  <text x="${xLeft}" y="15" fill="#010101" fill-opacity=".3">${s}</text>
  <text x="${xLeft}" y="14">${s}</text>
  <text x="${xRight}" y="15" fill="#010101" fill-opacity=".3">${t}</text>
  <text x="${xRight}" y="14">${t}</text>
</g>
</svg>
`;
}
