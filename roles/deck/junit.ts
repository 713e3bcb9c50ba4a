// The junit lens: JUnit XML reports under artifacts/, failed tests first with their output.
import { escapeHtml } from './html.js';
import { parseXml, type XmlElement } from './xml.js';

export type TestStatus = 'failed' | 'skipped' | 'passed';

export interface TestResult {
  suite: string;
  name: string;
  status: TestStatus;
  /** Seconds, when the report has them. */
  time?: number;
  /** Failure or error message and body, skip message, or nothing. */
  message: string;
  output: string;
}

function collectSuites(el: XmlElement, out: XmlElement[]): void {
  for (const c of el.children) {
    if (c.name === 'testsuite') out.push(c);
    if (c.name === 'testsuites' || c.name === 'testsuite') collectSuites(c, out);
  }
}

export function parseJUnit(xml: string): TestResult[] {
  const doc = parseXml(xml);
  const suites: XmlElement[] = [];
  collectSuites(doc, suites);
  const results: TestResult[] = [];
  for (const suite of suites) {
    for (const tc of suite.children) {
      if (tc.name !== 'testcase') continue;
      const failure = tc.children.find((c) => c.name === 'failure' || c.name === 'error');
      const skipped = tc.children.find((c) => c.name === 'skipped');
      const out = tc.children.filter((c) => c.name === 'system-out' || c.name === 'system-err').map((c) => c.text.trim()).filter(Boolean);
      const time = tc.attrs.time === undefined ? undefined : Number(tc.attrs.time);
      let status: TestStatus = 'passed';
      let message = '';
      if (failure) {
        status = 'failed';
        message = [failure.attrs.message ?? '', failure.text.trim()].filter(Boolean).join('\n');
      } else if (skipped) {
        status = 'skipped';
        message = [skipped.attrs.message ?? '', skipped.text.trim()].filter(Boolean).join('\n');
      }
      results.push({
        suite: suite.attrs.name ?? '',
        name: tc.attrs.classname && tc.attrs.classname !== suite.attrs.name ? `${tc.attrs.classname} ${tc.attrs.name ?? ''}` : (tc.attrs.name ?? ''),
        status,
        ...(time !== undefined && Number.isFinite(time) ? { time } : {}),
        message,
        output: out.join('\n'),
      });
    }
  }
  return results;
}

function row(t: TestResult, open: boolean): string {
  const time = t.time === undefined ? '' : ` <span class="time">${t.time.toFixed(2)}s</span>`;
  const detail = [t.message, t.output].filter(Boolean).map((s) => `<pre>${escapeHtml(s)}</pre>`).join('');
  if (!detail) return `<li class="test ${t.status}">${escapeHtml(t.name)}${time}</li>`;
  return `<li class="test ${t.status}"><details${open ? ' open' : ''}><summary>${escapeHtml(t.name)}${time}</summary>${detail}</details></li>`;
}

export function renderJUnit(results: TestResult[]): string {
  const failed = results.filter((r) => r.status === 'failed');
  const skipped = results.filter((r) => r.status === 'skipped');
  const passed = results.filter((r) => r.status === 'passed');
  const section = (title: string, cls: string, list: TestResult[], open: boolean): string =>
    list.length === 0
      ? ''
      : `<details class="junit-${cls}"${open ? ' open' : ''}><summary>${list.length} ${title}</summary><ul>${list.map((t) => row(t, open)).join('')}</ul></details>`;
  return `<div class="junit"><p class="summary">${results.length} tests: ${failed.length} failed, ${skipped.length} skipped, ${passed.length} passed</p>${
    section('failed', 'failed', failed, true)}${section('skipped', 'skipped', skipped, false)}${section('passed', 'passed', passed, false)}</div>`;
}
