import { linePath, niceMax, toMinuteGrid } from './chart.js';

const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6'];
const REFRESH_MS = 5000;
const WIDTH = 800;
const HEIGHT = 240;

const el = (id) => document.getElementById(id);

async function refresh() {
  const project = el('project').value.trim();
  const minutes = Number(el('range').value);
  const to = new Date();
  const from = new Date(to.getTime() - minutes * 60_000);
  const url = `/api/v1/projects/${encodeURIComponent(project)}/traffic?from=${from.toISOString()}&to=${to.toISOString()}`;
  try {
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : `HTTP ${response.status}`);
    render(toMinuteGrid(body));
    setStatus(`updated ${to.toLocaleTimeString()}`, false);
  } catch (e) {
    setStatus(e.message, true);
  }
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

el('controls').addEventListener('change', refresh);
el('controls').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
refresh();
setInterval(refresh, REFRESH_MS);
