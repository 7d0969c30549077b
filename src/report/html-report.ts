import type { RankedRun } from '../analyze/compare-runs.js';
import { attributionChart } from './attribution-chart.js';
import { dutyCycleChart } from './duty-cycle-chart.js';
import { escapeHtml as e } from './escape-html.js';
import { fmt } from './text-table.js';
import { idleGapChart } from './idle-gap-chart.js';
import { launchTimeline } from './launch-timeline.js';
import { pcieChart } from './pcie-chart.js';
import { powerChart, type ChartOptions } from './power-chart.js';
import type { ReportData, RunReport } from './report-data.js';
import { adviceText, differenceText, findingText, verdictText, warningText } from './sentences.js';

export interface HtmlReportOptions extends ChartOptions {
  /** Page title. Default `GPU telemetry: <labels joined by " vs ">`. */
  title?: string;
  /** Shown in the footer, e.g. the tool version. */
  generator?: string;
  /** Inputs that could not be read, one line each (`FILE: why`): listed at the top of the page. */
  leftOut?: string[];
  /** The analysis settings, one phrase each (`time zone UTC`, `idle threshold: from the data`): shown in the footer. */
  settings?: string[];
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1000px; padding: 16px 20px 40px; color: #1d1d1f; background: #fff; line-height: 1.45; }
h1 { font-size: 1.55em; margin: 0.3em 0 0.2em; }
h2 { font-size: 1.2em; margin: 1.8em 0 0.3em; border-bottom: 1px solid #e3e3e3; padding-bottom: 0.2em; }
p.note, figcaption.note { color: #555; font-size: 0.9em; margin: 0.2em 0 0.6em; }
.verdict { background: #f3f7ff; border-left: 4px solid #4269d0; padding: 10px 14px; margin: 14px 0; }
.verdict ul { margin: 0.4em 0 0; padding-left: 1.3em; }
.checks { background: #fff7e6; border-left: 4px solid #b26b00; padding: 8px 14px; margin: 10px 0; }
.advice li { margin: 0.3em 0; }
.sev { display: inline-block; min-width: 4.2em; font-weight: 600; font-size: 0.85em; }
.sev.high { color: #b00020; } .sev.medium { color: #8a5a00; } .sev.low { color: #555; }
table { border-collapse: collapse; font-size: 0.88em; margin: 8px 0; }
th, td { border-bottom: 1px solid #e6e6e6; padding: 4px 6px; text-align: right; vertical-align: top; white-space: nowrap; }
th { background: #fafafa; font-weight: 600; white-space: normal; vertical-align: bottom; }
td.l, th.l { text-align: left; white-space: normal; }
figure.chart { margin: 6px 0 4px; }
/* Plot wraps a chart with a legend in a figure of its own: no browser margin (it would shift the time axis) */
figure.chart figure { margin: 0; }
/* Plot's legends are HTML at 10 px: as large as the charts' text */
figure.chart figure > div, figure.chart figure > div * { font-size: 13px !important; }
/* a table wider than the page scrolls, with a shadow at the edge where columns are hidden */
.scroll { overflow-x: auto; scrollbar-width: thin; scrollbar-color: #8a8a8a #eee; padding-bottom: 4px;
  background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)) 0 0 / 40px 100% no-repeat local,
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) 100% 0 / 40px 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.25), rgba(0,0,0,0)) 0 0 / 14px 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.25), rgba(0,0,0,0)) 100% 0 / 14px 100% no-repeat scroll; }
@media (max-width: 900px) { table { font-size: 0.8em; } th, td { padding: 3px 4px; } th { overflow-wrap: anywhere; hyphens: auto; } td.gpus { min-width: 150px; } }
.scroll::-webkit-scrollbar { height: 10px; }
.scroll::-webkit-scrollbar-thumb { background: #8a8a8a; border-radius: 5px; }
.scroll::-webkit-scrollbar-track { background: #eee; }
td.gpus { min-width: 210px; }
figure.chart > svg, figure.chart > figure { max-width: 100%; height: auto; }
.empty { color: #777; font-style: italic; }
footer { margin-top: 2.5em; color: #555; font-size: 0.8em; border-top: 1px solid #e3e3e3; padding-top: 0.6em; }
footer p { margin: 0.2em 0; }
small { font-size: max(12px, 0.85em); }
`;

const n0 = (v: number | null | undefined): string => fmt(v, 0);
const n1 = (v: number | null | undefined): string => fmt(v, 1);
const pct = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(0)} %`;
const mbps = (kb: number | null | undefined): string =>
  kb === null || kb === undefined || !Number.isFinite(kb) ? 'N/A' : (kb / 1000).toFixed(0);
const iso = (ms: number): string =>
  Number.isFinite(ms)
    ? new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, '')
    : '–';

function runsTable(runs: readonly RunReport[]): string {
  const rows = runs.map((r) => {
    const l = r.log;
    const models = [...new Set(l.gpus.map((g) => g.identity.name ?? '?'))].join(', ');
    const warnings = Object.values(l.warningCounts).reduce((a, b) => a + (b ?? 0), 0);
    return `<tr><td class="l"><b>${e(r.label)}</b></td><td class="l" title="${e(l.source)}">${e(l.source.split(/[\\/]/).pop() ?? l.source)}</td><td>${l.documents}</td><td>${e(iso(l.startMs))}</td><td>${n1(l.durationS)}</td><td>${n1(l.intervalS)}</td><td>${l.loggingGaps.length}</td><td class="l gpus">${l.gpus.length} × ${e(models)}<br><small>driver ${e(l.driverVersions.join(', ') || '?')}</small></td><td>${warnings}</td></tr>`;
  });
  return `<div class="scroll"><table><thead><tr><th class="l">run</th><th class="l">file</th><th>samples</th><th>start (UTC)</th><th>length s</th><th>interval s</th><th>logging gaps</th><th class="l">GPUs</th><th>warnings</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function comparisonTable(runs: readonly RankedRun[]): string {
  const rows = runs.map(
    (c) =>
      `<tr><td>${c.rank}</td><td class="l"><b>${e(c.label)}</b>${c.job !== null ? `#${c.job}` : ''}${c.worked && !c.complete ? ' <small>(incomplete)</small>' : ''}</td><td>${n1(c.activeSpanS)}</td><td>${pct(c.dutyCycle)}</td><td>${c.idleGaps.count}</td><td>${n0(c.idleGaps.totalS)}</td><td>${n1(c.idleGaps.medianS)}</td><td>${c.launches.count}</td><td>${n0(c.launches.overheadS)}</td><td>${n1(c.launches.medianGapS)}</td><td>${n0(c.minActivePowerW)}</td><td>${n0(c.meanActivePowerW)}</td><td>${n1(c.activeEnergyJ / 1000)}</td><td>${mbps(c.txPlateauKBps)}</td><td>${c.busyGpus} / ${c.gpus}</td></tr>`,
  );
  return `<div class="scroll"><table><thead><tr><th>rank</th><th class="l">run</th><th>active span s</th><th>duty cycle</th><th>idle gaps</th><th>idle s</th><th>median gap s</th><th>processes</th><th>launch overhead s</th><th>median launch gap s</th><th>min active W</th><th>mean active W</th><th>active energy kJ</th><th>TX plateau MB/s</th><th>busy GPUs</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** For logs longer than 15 min: the first 10 minutes after the earliest busy sample, drawn at full detail. */
function closeUp(runs: readonly RunReport[], w: ChartOptions): string[] {
  const longest = Math.max(0, ...runs.map((r) => r.log.durationS).filter(Number.isFinite));
  if (!(longest > 900)) return [];
  const starts = runs.map((r) => (r.activeStartMs - r.log.startMs) / 1000).filter(Number.isFinite);
  const from = Math.max(0, Math.floor((starts.length ? Math.min(...starts) : 0) - 30));
  return [
    `<h2>Power draw, close-up: ${(from / 60).toFixed(0)}–${(from / 60 + 10).toFixed(0)} min</h2>`,
    '<p class="note">The same lines over ten minutes from just before the first GPU work, where single launches and idle gaps can be told apart.</p>',
    chart(powerChart(runs, { ...w, fromS: from, toS: from + 600 }), 'No power readings.'),
  ];
}

function chart(svg: string | null, empty: string): string {
  return svg === null ? `<p class="empty">${e(empty)}</p>` : `<figure class="chart">${svg}</figure>`;
}

/**
 * The whole report as one self-contained HTML page: no scripts, no external resources (a Content
 * Security Policy forbids any), charts inlined as SVG. Every string from a log (file names, GPU and
 * process names, labels) is escaped.
 *
 * @example
 * writeFileSync('report.html', htmlReport(reportData([{ label: 'folder', log }])));
 */
export function htmlReport(data: ReportData, options: HtmlReportOptions = {}): string {
  const { runs, comparison } = data;
  const labels = runs.map((r) => r.label);
  const title = options.title ?? `GPU telemetry: ${labels.join(' vs ')}`;
  const checks = comparison.warnings.map((x) => `<li>${e(warningText(x))}</li>`).join('');
  const why = comparison.differences
    .map((d) => {
      const f = comparison.findings
        .filter((x) => x.runs[1] === d.slower && x.kind !== 'MORE_GPUS_SAME_TX')
        .map((x) => `<li>${e(findingText(x))}</li>`)
        .join('');
      return `<li>${e(differenceText(d))}${f ? `<ul>${f}</ul>` : ''}</li>`;
    })
    .concat(comparison.findings.filter((x) => x.kind === 'MORE_GPUS_SAME_TX').map((x) => `<li>${e(findingText(x))}</li>`))
    .join('');
  const verdict = [
    checks ? `<div class="checks"><b>Checks</b><ul>${checks}</ul></div>` : '',
    runs.length > 1 || comparison.verdict === 'no-work'
      ? `<div class="verdict"><b>${e(verdictText(comparison))}</b>${why ? `<ul>${why}</ul>` : ''}</div>`
      : '',
    comparison.advice.length
      ? `<h2>Advice</h2><ul class="advice">${comparison.advice.map((a) => `<li><span class="sev ${a.severity}">${a.severity}</span> <b>${e(a.code)}</b>: ${e(adviceText(a))}</li>`).join('')}</ul>`
      : '',
  ].join('\n');
  const w = { width: options.width };
  const body = [
    `<h1>${e(title)}</h1>`,
    options.leftOut?.length
      ? `<div class="checks"><b>Left out (could not be read)</b><ul>${options.leftOut.map((l) => `<li>${e(l)}</li>`).join('')}</ul></div>`
      : '',
    verdict,
    '<h2>Where the GPU-time went</h2>',
    '<p class="note">Each run\'s active GPU-time (every GPU that worked, from the first busy sample of any GPU to the last) split into parts that add up to the whole: busy; launch overhead (idle gaps that end when a new process appears); waiting inside a process; waiting with no process; imbalance (a GPU before its first or after its last work while others work); unrecorded (logging gaps).</p>',
    chart(attributionChart(comparison, w), 'No GPU worked in any run.'),
    '<h2>Runs</h2>',
    runsTable(runs),
    '<h2>Comparison</h2>',
    comparisonTable(comparison.runs),
    '<p class="note">Active span: first busy sample of any GPU to the end of the last one. Duty cycle: busy share of the active span. Idle gaps: idle stretches inside it; launch overhead: idle time in gaps after which a new process appeared. Logging gaps (no samples) count as neither busy nor idle.</p>',
    '<h2>Power draw</h2>',
    '<p class="note">Every run on one axis, time from the start of its log. Dashed: the idle threshold (a sample at or above it is busy by power). Lines keep each pixel\'s minimum and maximum, so short idle dips stay visible in long logs; a break is a logging gap.</p>',
    chart(powerChart(runs, w), 'No power readings.'),
    ...closeUp(runs, w),
    '<h2>Duty cycle per GPU</h2>',
    chart(dutyCycleChart(runs, w), 'No GPU.'),
    '<h2>Launch timeline</h2>',
    '<p class="note">Each row is one GPU of one run (named on the left as <i>run · GPU index</i>; a GPU that ran several processes at once has a row per lane). Each coloured bar is one process, from the first to the last sample that lists it; neighbouring processes alternate dark and light so they stay apart; hover a bar for its PID and name. The red strip under a row marks that GPU\'s idle gaps inside the active span. The time axis is the power chart\'s, so a gap between bars lines up with the power dip it caused.</p>',
    chart(launchTimeline(runs, w), 'No processes are listed in these logs.'),
    '<h2>Idle gaps</h2>',
    chart(idleGapChart(runs, w), 'No idle gaps inside the active spans: the GPUs never waited.'),
    '<h2>Summed PCIe TX</h2>',
    '<p class="note">GPU → host throughput summed over each run\'s GPUs; each reading is a 20 ms sample taken when nvidia-smi queries, so the raw line (pale) is noisy and the moving average (thick) is the figure to read.</p>',
    chart(pcieChart(runs, w), 'No GPU in these logs reports PCIe TX (N/A).'),
    `<footer><p>Made by ${e(options.generator ?? 'mc2-telemetry')}.</p>${options.settings?.length ? `<p>Settings: ${options.settings.map(e).join('; ')}.</p>` : ''}<p>Inputs: ${runs.map((r) => `${e(r.label)}: ${e(r.log.source)}`).join('; ')}.</p></footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
