// Pure rendering: buildlog highlighting/folding/ANSI, JUnit parsing, badges, escaping.
import { describe, expect, it } from '@jest/globals';
import type { ProwJob } from '../../../src/api/prowjob.js';
import { badgeMatcher, latestFinished, renderBadge } from '../../../roles/deck/badge.js';
import { parseAnsi, renderBuildLog } from '../../../roles/deck/buildlog.js';
import { escapeHtml, jsonScript, page, safeUrl } from '../../../roles/deck/html.js';
import { parseJUnit, renderJUnit } from '../../../roles/deck/junit.js';
import { parseXml } from '../../../roles/deck/xml.js';

function job(name: string, state: ProwJob['status']['state'], start: string): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name: `${name}-${start}` },
    spec: { type: 'periodic', job: name },
    status: { state, startTime: start },
  };
}

describe('escaping', () => {
  it('escapes text and attribute metacharacters', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
  });
  it('keeps only http(s) and same-site URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl('//evil.example/x')).toBe('#');
    expect(safeUrl('https://github.com/o/r/pull/1')).toBe('https://github.com/o/r/pull/1');
    expect(safeUrl('/view/gs/b/x')).toBe('/view/gs/b/x');
  });
  it('JSON data blocks cannot close their script element', () => {
    const html = jsonScript('d', { t: '</script><script>alert(1)</script>' });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('\\u003c/script>');
  });
  it('page titles and announcements are text', () => {
    const html = page({ title: '<b>x</b>', body: '', announcement: '<script>1</script>' });
    expect(html).toContain('<title>&lt;b&gt;x&lt;/b&gt;</title>');
    expect(html).not.toContain('<script>1</script>');
  });
});

describe('buildlog', () => {
  const log = [
    ...Array.from({ length: 30 }, (_, i) => `setup line ${i}`),
    '--- FAIL: TestThing (0.01s)',
    ...Array.from({ length: 30 }, (_, i) => `more output ${i}`),
    'E0102 15:04:05.123] something broke',
    'done',
  ].join('\n');

  it('highlights upstream default patterns and folds the rest', () => {
    const r = renderBuildLog(log, { artifact: 'build-log.txt' });
    expect(r.totalLines).toBe(63);
    expect(r.highlightedLines).toBe(2);
    expect(r.html).toContain('<div class="line highlighted" id="build-log.txt:31"');
    expect(r.html).toContain('<strong class="match">FAIL</strong>');
    // Lines 1-25 are folded (context is 5 lines before line 31).
    expect(r.html).toContain('data-from="1" data-to="25"');
    expect(r.html).toContain('Show 25 hidden lines');
    // Lines between the two highlights beyond the context are folded too.
    expect(r.html).toContain('data-from="37" data-to="56"');
  });

  it('uses configured highlight regexes, including Go flags', () => {
    const r = renderBuildLog('ok\nOops here\nfine', { artifact: 'a.txt', highlightRegexes: ['(?i)oops'] });
    expect(r.highlightedLines).toBe(1);
    expect(r.html).toContain('<strong class="match">Oops</strong>');
  });

  it('shows the tail unfolded when nothing matches', () => {
    const text = Array.from({ length: 150 }, (_, i) => `l${i}`).join('\n');
    const r = renderBuildLog(text, { artifact: 'b' });
    expect(r.html).toContain('Show 50 hidden lines');
    expect(r.html).toContain('id="b:150"');
  });

  it('turns ANSI colours into classes and drops other escapes', () => {
    const segs = parseAnsi('\x1b[1;31mred bold\x1b[0m plain\x1b[2K', { bold: false });
    expect(segs).toEqual([{ text: 'red bold', classes: 'ansi-bold ansi-fg-1' }, { text: ' plain', classes: '' }]);
    const r = renderBuildLog('\x1b[32mok\x1b[0m', { artifact: 'x' });
    expect(r.html).toContain('<span class="ansi-fg-2">ok</span>');
  });

  it('escapes log text', () => {
    const r = renderBuildLog('<script>alert("x")</script> ERROR: <img src=x onerror=alert(1)>', { artifact: 'x' });
    expect(r.html).not.toContain('<script>');
    expect(r.html).not.toContain('<img');
    expect(r.html).toContain('&lt;script&gt;');
  });
});

describe('junit', () => {
  const xml = `<?xml version="1.0"?>
<testsuites><testsuite name="suite" tests="3">
  <testcase name="passes" classname="suite" time="0.5"/>
  <testcase name="breaks &amp; fails" classname="pkg" time="1.25"><failure message="expected 1"><![CDATA[at foo.go:12 <b>]]></failure><system-out>captured</system-out></testcase>
  <testcase name="skips"><skipped message="not today"/></testcase>
</testsuite></testsuites>`;

  it('parses cases with statuses, messages and output', () => {
    const r = parseJUnit(xml);
    expect(r).toHaveLength(3);
    expect(r[1]).toEqual({ suite: 'suite', name: 'pkg breaks & fails', status: 'failed', time: 1.25, message: 'expected 1\nat foo.go:12 <b>', output: 'captured' });
    expect(r[2]?.status).toBe('skipped');
    expect(r[0]?.name).toBe('passes');
  });

  it('renders failures first, open, escaped', () => {
    const html = renderJUnit(parseJUnit(xml));
    expect(html.indexOf('failed</summary>')).toBeLessThan(html.indexOf('passed</summary>'));
    expect(html).toContain('at foo.go:12 &lt;b&gt;');
    expect(html).toContain('3 tests: 1 failed, 1 skipped, 1 passed');
  });

  it('rejects malformed XML with a reason', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/unexpected <\/a>/);
    expect(() => parseXml('<a>')).toThrow(/unclosed/);
  });
});

describe('badge', () => {
  const jobs = [
    job('unit', 'success', '2024-01-01T00:00:00Z'),
    job('unit', 'failure', '2024-01-02T00:00:00Z'),
    job('lint', 'success', '2024-01-02T00:00:00Z'),
    job('lint', 'pending', '2024-01-03T00:00:00Z'),
  ];
  it('reports passing, failing and no results as upstream', () => {
    expect(renderBadge(latestFinished(jobs, badgeMatcher('lint'))).status).toBe('passing');
    const failing = renderBadge(latestFinished(jobs, badgeMatcher('unit,lint')));
    expect(failing.status).toBe('failing unit');
    expect(failing.color).toBe('e05d44');
    expect(failing.svg).toContain('<text x="21.5" y="14">build</text>');
    expect(renderBadge(latestFinished(jobs, badgeMatcher('nothing'))).status).toBe('no results');
  });
  it('matches prefixes with *', () => {
    expect(latestFinished(jobs, badgeMatcher('un*')).map((j) => j.spec.job)).toEqual(['unit']);
  });
  it('counts many failures', () => {
    const many = ['a', 'b', 'c', 'd'].map((n) => job(n, 'failure', '2024-01-01T00:00:00Z'));
    expect(renderBadge(latestFinished(many, badgeMatcher('*'))).status).toBe('4 jobs failing');
  });
});
