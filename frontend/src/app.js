import { benchmarkRows, distributionBars, driftRows, linePath, metricChoices, niceMax, qualityRows, toMetricGrid, toMinuteGrid } from './chart.js';

const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6'];
const REFRESH_MS = 5000;
/** Metrics between 0 and 1, plotted on a fixed 0-1 axis: from the API's metric catalog. */
let shares = new Set();
const WIDTH = 800;
const HEIGHT = 240;

const el = (id) => document.getElementById(id);
const KEY_STORAGE = 'raymon.apiKey';

/**
 * The read key: './raymon up' opens the dashboard as /#key=<key>; it is kept in this browser's storage
 * and removed from the address bar (fragments never reach the server or its logs).
 */
function apiKey() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromHash) {
    localStorage.setItem(KEY_STORAGE, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return localStorage.getItem(KEY_STORAGE) ?? '';
}

async function getJson(url) {
  const key = el('api-key').value.trim();
  const response = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const body = await response.json();
  if (response.status === 401 || response.status === 403) {
    throw new Error(`${body.error.message}: paste a read key of the project (./raymon keys create <project> read)`);
  }
  if (!response.ok) throw new Error(body.error ? body.error.message : `HTTP ${response.status}`);
  return body;
}

/** Every model's series of the range, one request per model (the API answers one model at a time). */
async function metricsOfModels(project, models, range) {
  const answers = await Promise.all(models.map((model) =>
    getJson(`/api/v1/projects/${project}/metrics?model=${encodeURIComponent(model)}&${range}`)));
  if (answers.length === 0) return null;
  return { ...answers[0], series: answers.flatMap((answer) => answer.series) };
}

async function refresh() {
  const project = encodeURIComponent(el('project').value.trim());
  const minutes = Number(el('range').value);
  const to = new Date();
  const from = new Date(to.getTime() - minutes * 60_000);
  const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
  try {
    const traffic = await getJson(`/api/v1/projects/${project}/traffic?${range}`);
    render(toMinuteGrid(traffic));
    updateModelChoice(traffic.series.map((s) => s.model));
    const metric = el('metric').value;
    const metrics = await metricsOfModels(project, traffic.series.map((s) => s.model), range);
    if (metrics) {
      renderPerformance(toMetricGrid(metrics, metric), metric);
      renderQuality(qualityRows(metrics));
    }
    const model = el('slice-model').value;
    if (model && metrics) {
      await refreshDrift(project, model, metrics);
    }
    if (model) {
      const benchmark = await getJson(`/api/v1/projects/${project}/slices/benchmark?model=${encodeURIComponent(model)}`
        + `&metric=${encodeURIComponent(metric)}&${range}`);
      renderSlices(benchmark);
    }
    setStatus(`updated ${to.toLocaleTimeString()}`, false);
  } catch (e) {
    setStatus(e.message, true);
  }
}

function updateModelChoice(models) {
  const select = el('slice-model');
  const current = select.value;
  const known = [...select.options].map((o) => o.value);
  if (known.join() === models.join()) return;
  select.innerHTML = models.map((m) => `<option>${escapeHtml(m)}</option>`).join('');
  if (models.includes(current)) select.value = current;
}

function renderPerformance(grid, metric) {
  const values = grid.series.flatMap((s) => s.values).filter((v) => v !== null);
  const yMax = shares.has(metric) ? 1 : niceMax(Math.max(0, ...values));
  el('performance').innerHTML = `<text x="4" y="12" font-size="11" fill="#667">${yMax}</text>`
    + `<line x1="0" y1="${HEIGHT}" x2="${WIDTH}" y2="${HEIGHT}" stroke="#ccd"/>`
    + grid.series.map((s, i) =>
      `<path d="${linePath(s.values, yMax, WIDTH, HEIGHT - 16)}" transform="translate(0,16)" fill="none"
        stroke="${COLORS[i % COLORS.length]}" stroke-width="2"><title>${escapeHtml(s.name)}</title></path>`).join('');
  el('performance-legend').innerHTML = grid.series.length === 0
    ? 'No metrics yet: they appear a few seconds after predictions arrive.'
    : grid.series.map((s, i) => `<span><span class="swatch" style="background:${COLORS[i % COLORS.length]}"></span>`
      + `${escapeHtml(s.name)}</span>`).join('');
}

function renderQuality(rows) {
  el('quality').querySelector('tbody').innerHTML = rows.length === 0
    ? '<tr><td colspan="6">No data-quality problems in this range (versions without a reference profile are only'
      + ' checked by their SDK).</td></tr>'
    : rows.map((r) => `<tr data-model="${escapeHtml(r.model)}"><td><a href="#">${escapeHtml(r.model)}</a></td>`
      + `<td>${escapeHtml(r.modelVersion)}</td><td>${escapeHtml(r.field)}</td><td>${escapeHtml(r.problem)}</td>`
      + `<td>${r.count}</td><td>${r.share === null ? '–' : `${(100 * r.share).toFixed(1)}%`}</td></tr>`).join('');
}

/** Drift of the chosen model's versions in the last hour, against each version's default baseline. */
async function refreshDrift(project, model, metrics) {
  const versions = [...new Set(metrics.series.filter((s) => s.model === model).map((s) => s.modelVersion))];
  const answers = await Promise.all(versions.map((version) => getJson(`/api/v1/projects/${project}/drift`
    + `?model=${encodeURIComponent(model)}&version=${encodeURIComponent(version)}&limit=200`)));
  driftShown = driftRows(answers);
  el('drift').querySelector('tbody').innerHTML = driftShown.length === 0
    ? '<tr><td colspan="8">No feature with enough data in the last hour (at least 100 values on each side).</td></tr>'
    : driftShown.map((r, i) => `<tr class="${r.drift ? 'bad' : ''}" data-row="${i}"
      title="${r.drift ? 'drifted: significant after correction for every pair tested, and large enough' : ''}">`
      + `<td><a href="#">${escapeHtml(r.feature)}</a></td><td>${escapeHtml(r.slice)}</td>`
      + `<td>${escapeHtml(r.modelVersion)}</td><td>${escapeHtml(r.baseline)}</td><td>${r.distance}</td><td>${r.q}</td>`
      + `<td>${r.missing}</td><td>${r.n}</td></tr>`).join('');
}

let driftShown = [];

/** The clicked pair's distribution: the baseline's share of each bin next to the current window's. */
async function showDistribution(row) {
  const project = encodeURIComponent(el('project').value.trim());
  const target = el('drift-distribution');
  try {
    const answer = await getJson(`/api/v1/projects/${project}/drift/distribution?model=${encodeURIComponent(row.model)}`
      + `&version=${encodeURIComponent(row.modelVersion)}&feature=${encodeURIComponent(row.feature)}`
      + `&slice=${encodeURIComponent(row.slice)}&baseline=${row.baseline}`);
    const bars = distributionBars(answer, WIDTH, 150);
    target.innerHTML = `<p>${escapeHtml(row.feature)} in ${escapeHtml(row.slice)}: `
      + `<span class="swatch" style="background:#99a"></span>${escapeHtml(answer.comparedWith)} baseline `
      + `<span class="swatch" style="background:${COLORS[1]}"></span>last hour (${answer.current.count} values)</p>`
      + `<svg viewBox="0 0 ${WIDTH} 180" preserveAspectRatio="none" aria-label="distribution">`
      + bars.map((b) => `<rect x="${b.x + 2}" y="${160 - b.baseline.height}" width="${b.width / 2 - 2}"`
        + ` height="${b.baseline.height}" fill="#99a"><title>${escapeHtml(b.label)}: baseline `
        + `${(100 * b.baseline.share).toFixed(1)}%</title></rect>`
        + `<rect x="${b.x + b.width / 2}" y="${160 - b.current.height}" width="${b.width / 2 - 2}"`
        + ` height="${b.current.height}" fill="${COLORS[1]}"><title>${escapeHtml(b.label)}: current `
        + `${(100 * b.current.share).toFixed(1)}%</title></rect>`
        + `<text x="${b.x + b.width / 2}" y="175" font-size="9" text-anchor="middle" fill="#667">`
        + `${escapeHtml(b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label)}</text>`).join('')
      + '</svg>';
  } catch (e) {
    target.textContent = e.message;
  }
}

/** Which slices explain a feature's global drift: by the clicked slice's dimension. */
async function explainDrift(row) {
  const project = encodeURIComponent(el('project').value.trim());
  const slice = row.slice !== '__all__' ? row.slice
    : (driftShown.find((r) => r.drift && r.feature === row.feature && r.slice !== '__all__') ?? {}).slice;
  const target = el('drift-explanation');
  if (!slice) {
    target.textContent = `No slice of ${row.feature} drifted: nothing to attribute the global drift to.`;
    return;
  }
  const dimension = slice.split('&').map((part) => part.split('=')[0]).join('&');
  try {
    const answer = await getJson(`/api/v1/projects/${project}/drift/explain?model=${encodeURIComponent(row.model)}`
      + `&version=${encodeURIComponent(row.modelVersion)}&feature=${encodeURIComponent(row.feature)}`
      + `&dimension=${encodeURIComponent(dimension)}&baseline=${row.baseline}`);
    target.innerHTML = `<p>Global drift of <b>${escapeHtml(row.feature)}</b> (Jensen-Shannon `
      + `${(answer.globalJensenShannon ?? 0).toFixed(3)}) by ${escapeHtml(dimension)}:</p>`
      + '<table><thead><tr><th>Slice</th><th>Share of traffic</th><th>Share of the drift</th></tr></thead><tbody>'
      + answer.slices.slice(0, 8).map((s) => `<tr><td>${escapeHtml(s.slice)}</td>`
        + `<td>${(100 * s.trafficShare).toFixed(1)}%</td><td>${(100 * s.driftShare).toFixed(0)}%</td></tr>`).join('')
      + '</tbody></table>';
  } catch (e) {
    target.textContent = e.message;
  }
}

function renderSlices(benchmark) {
  const global = benchmark.global;
  el('slices-global').textContent = `All traffic: ${format(global.value)}`
    + (global.ciLower === null ? '' : ` (95% interval ${format(global.ciLower)} – ${format(global.ciUpper)})`)
    + `, n = ${global.n}`;
  const rows = benchmarkRows(benchmark);
  el('slices').querySelector('tbody').innerHTML = rows.length === 0
    ? '<tr><td colspan="8">No slices with this metric in the range.</td></tr>'
    : rows.map((r) => `<tr class="${r.worse ? 'bad' : ''}${r.thin ? ' thin' : ''}" data-slice="${escapeHtml(r.slice)}"
      title="${r.worse ? 'significantly worse than the rest of the traffic' : r.thin ? 'too few samples to say' : ''}">`
      + `<td><a href="#">${escapeHtml(r.slice)}</a></td><td>${r.value}</td><td>${r.interval}</td><td>${r.rest}</td>`
      + `<td>${r.difference}</td><td>${r.q}</td><td>${r.share}</td><td>${r.n}</td></tr>`).join('');
}

/** The predictions behind a slice: the drill-down from a number to its data points. */
async function showPoints(slice) {
  const project = encodeURIComponent(el('project').value.trim());
  const model = encodeURIComponent(el('slice-model').value);
  const to = new Date();
  const from = new Date(to.getTime() - Number(el('range').value) * 60_000);
  try {
    const answer = await getJson(`/api/v1/projects/${project}/traces?model=${model}&slice=${encodeURIComponent(slice)}`
      + `&limit=25&from=${from.toISOString()}&to=${to.toISOString()}`);
    el('points-section').hidden = false;
    el('points-slice').textContent = slice;
    el('trace').textContent = '';
    el('points').querySelector('tbody').innerHTML = answer.traces.map((t) => `<tr>`
      + `<td>${escapeHtml(t.time)}</td><td><a href="#" data-trace="${escapeHtml(t.traceId)}" data-time="${escapeHtml(t.time)}">`
      + `${escapeHtml(t.traceId)}</a></td><td>${escapeHtml(t.modelVersion)}</td>`
      + `<td>${escapeHtml(String(t.predictedLabel ?? format(t.predictedValue)))}</td>`
      + `<td>${t.actual ? escapeHtml(String(t.actual.label ?? format(t.actual.value))) : '–'}</td>`
      + `<td>${escapeHtml(t.validation.map((v) => `${v.field}: ${v.problem}`).join(', '))}</td></tr>`).join('');
    el('points-section').scrollIntoView({ behavior: 'smooth' });
  } catch (e) {
    setStatus(e.message, true);
  }
}

async function showTrace(traceId, time) {
  const project = encodeURIComponent(el('project').value.trim());
  try {
    const trace = await getJson(`/api/v1/projects/${project}/traces/${encodeURIComponent(traceId)}`
      + `?time=${encodeURIComponent(time)}`);
    el('trace').textContent = JSON.stringify(trace, null, 2);
  } catch (e) {
    setStatus(e.message, true);
  }
}

function format(value, digits = 3) {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

function render(grid) {
  const yMax = niceMax(Math.max(0, ...grid.series.flatMap((s) => s.counts)));
  const svg = el('chart');
  svg.innerHTML = `<text x="4" y="12" font-size="11" fill="#667">${yMax}/min</text>`
    + `<line x1="0" y1="${HEIGHT}" x2="${WIDTH}" y2="${HEIGHT}" stroke="#ccd"/>`
    + grid.series.map((s, i) =>
      `<path d="${linePath(s.counts, yMax, WIDTH, HEIGHT - 16)}" transform="translate(0,16)" fill="none"
        stroke="${COLORS[i % COLORS.length]}" stroke-width="2"><title>${escapeHtml(s.model)}</title></path>`).join('');
  el('totals').querySelector('tbody').innerHTML = grid.series.length === 0
    ? '<tr><td colspan="3">No predictions in this range yet. Is the demo running? (./raymon demo)</td></tr>'
    : grid.series.map((s, i) => `<tr><td><span class="swatch" style="background:${COLORS[i % COLORS.length]}"></span>`
      + `${escapeHtml(s.model)}</td><td>${s.total}</td><td>${s.counts.at(-2) ?? 0}</td></tr>`).join('');
}

function setStatus(text, isError) {
  el('status').textContent = text;
  el('status').className = isError ? 'error' : '';
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** The metric choices, from the API's catalog (the one list of metrics, their labels and units). */
async function loadMetricChoices() {
  const choices = metricChoices(await getJson('/api/v1/metric-catalog'));
  shares = choices.shares;
  const select = el('metric');
  const current = select.value;
  select.innerHTML = choices.options.map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`)
    .join('');
  select.value = choices.options.some((o) => o.value === current) ? current : choices.options[0].value;
}

el('api-key').value = apiKey();
el('api-key').addEventListener('change', () => localStorage.setItem(KEY_STORAGE, el('api-key').value.trim()));
el('controls').addEventListener('change', refresh);
el('slices').addEventListener('click', (e) => {
  const row = e.target.closest('tr[data-slice]');
  if (row) { e.preventDefault(); showPoints(row.dataset.slice); }
});
el('quality').addEventListener('click', (e) => {
  const row = e.target.closest('tr[data-model]');
  if (!row) return;
  e.preventDefault();
  el('metric').value = 'invalidRate';
  el('slice-model').value = row.dataset.model;
  refresh();
});
el('drift').addEventListener('click', (e) => {
  const row = e.target.closest('tr[data-row]');
  if (row) {
    e.preventDefault();
    showDistribution(driftShown[Number(row.dataset.row)]);
    explainDrift(driftShown[Number(row.dataset.row)]);
  }
});
el('points').addEventListener('click', (e) => {
  const link = e.target.closest('a[data-trace]');
  if (link) { e.preventDefault(); showTrace(link.dataset.trace, link.dataset.time); }
});
el('controls').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
loadMetricChoices().catch((e) => setStatus(`metric catalog: ${e.message}`, true)).finally(() => {
  refresh();
  setInterval(refresh, REFRESH_MS);
});
