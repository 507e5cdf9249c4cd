// Pure functions that turn API answers into chart geometry; no DOM, so Node tests them directly.

const MINUTE_MS = 60_000;
const STEP_MS = { PT1M: MINUTE_MS, PT1H: 60 * MINUTE_MS, P1D: 24 * 60 * MINUTE_MS };

/**
 * Aligns every model's points on one minute grid from `from` to `to`, filling absent minutes with 0.
 * @param {{from: string, to: string, series: {model: string, points: {time: string, count: number}[]}[]}} traffic
 * @returns {{minutes: number[], series: {model: string, counts: number[], total: number}[]}}
 */
export function toMinuteGrid(traffic) {
  const { minutes, index } = minuteAxis(traffic.from, traffic.to);
  const series = traffic.series.map(({ model, points }) => {
    const counts = new Array(minutes.length).fill(0);
    for (const { time, count } of points) {
      const i = index.get(Date.parse(time));
      if (i !== undefined) counts[i] = count;
    }
    return { model, counts, total: counts.reduce((a, b) => a + b, 0) };
  });
  return { minutes, series };
}

/**
 * One metric (e.g. "accuracy") per model version on the grid of the answer's step (minutes, hours or
 * days); windows without a value are null, so lines break instead of dropping to zero.
 * @returns {{minutes: number[], series: {name: string, values: (number|null)[]}[]}}
 */
export function toMetricGrid(metrics, metric) {
  const { minutes, index } = minuteAxis(metrics.from, metrics.to, STEP_MS[metrics.step] ?? MINUTE_MS);
  const series = metrics.series.map(({ model, modelVersion, points }) => {
    const values = new Array(minutes.length).fill(null);
    for (const point of points) {
      const i = index.get(Date.parse(point.time));
      if (i !== undefined && point[metric] !== null && point[metric] !== undefined) values[i] = point[metric];
    }
    return { name: `${model} ${modelVersion}`, values };
  });
  return { minutes, series };
}

/**
 * Rows of the slice table from a /slices/benchmark answer (already ranked worst first by the API):
 * the slice's value and 95% interval, the rest of the traffic, the difference, its q-value (the p-value
 * adjusted for testing every slice), and flags for "significantly worse" and "too few samples to say".
 */
export function benchmarkRows(benchmark, digits = 3) {
  const number = (v, d = digits) => (v === null || v === undefined ? '–' : v.toFixed(d));
  return benchmark.slices.map((s) => ({
    slice: s.slice,
    value: number(s.estimate.value),
    interval: s.estimate.ciLower === null ? '–' : `${number(s.estimate.ciLower)} – ${number(s.estimate.ciUpper)}`,
    rest: number(s.vsRest.a.value),
    difference: s.vsRest.difference === null ? '–' : `${s.vsRest.difference > 0 ? '+' : ''}${number(s.vsRest.difference)}`,
    q: s.qValue === null || s.qValue === undefined ? '–' : s.qValue < 0.001 ? '<0.001' : s.qValue.toFixed(3),
    share: s.share === null ? '–' : `${(100 * s.share).toFixed(1)}%`,
    n: s.estimate.n,
    worse: s.significantlyWorse,
    thin: !s.enoughSamples,
  }));
}

function minuteAxis(from, to, stepMs = MINUTE_MS) {
  const start = Math.floor(Date.parse(from) / stepMs) * stepMs;
  const end = Date.parse(to);
  const minutes = [];
  for (let t = start; t < end; t += stepMs) minutes.push(t);
  return { minutes, index: new Map(minutes.map((t, i) => [t, i])) };
}

/** A "nice" upper bound for the y axis (1, 2 or 5 times a power of ten). */
export function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

/**
 * SVG path data for one series in a width x height box, y growing downwards.
 * @returns {string} e.g. "M0,100L10,50"
 */
export function linePath(counts, yMax, width, height) {
  if (counts.length === 0) return '';
  const dx = counts.length > 1 ? width / (counts.length - 1) : 0;
  let path = '';
  let penDown = false;
  counts.forEach((c, i) => {
    if (c === null) {
      penDown = false; // a gap: no data in this minute
      return;
    }
    path += `${penDown ? 'L' : 'M'}${round(i * dx)},${round(height - (c / yMax) * height)}`;
    penDown = true;
  });
  return path;
}

function round(x) {
  return Math.round(x * 10) / 10;
}

/**
 * The metric choices of the API's catalog (GET /api/v1/metric-catalog), ones that need labels first, and
 * which of them are shares (plotted on a fixed 0-1 axis).
 * @param {{metrics: {name: string, label: string, unit: string}[]}} catalog
 * @returns {{options: {value: string, label: string}[], shares: Set<string>}}
 */
export function metricChoices(catalog) {
  const needsLabels = (m) => ['share', 'number'].includes(m.unit) && !m.name.startsWith('score');
  const ordered = [...catalog.metrics.filter(needsLabels), ...catalog.metrics.filter((m) => !needsLabels(m))];
  return {
    options: ordered.map((m) => ({ value: m.name, label: m.label })),
    shares: new Set(catalog.metrics.filter((m) => m.unit === 'share').map((m) => m.name)),
  };
}

/**
 * Data-quality problems of a /metrics answer over its whole range: per model version, field and problem,
 * the predictions with that problem and their share of the version's predictions, worst share first.
 * Windows add up because the counts do.
 */
export function qualityRows(metrics, limit = 15) {
  const rows = [];
  for (const { model, modelVersion, points } of metrics.series) {
    let predictions = 0;
    const counts = new Map();
    for (const point of points) {
      predictions += point.predictions ?? 0;
      for (const { field, problem, count } of point.problems ?? []) {
        const key = `${field}\u0000${problem}`;
        counts.set(key, (counts.get(key) ?? 0) + count);
      }
    }
    for (const [key, count] of counts) {
      const [field, problem] = key.split('\u0000');
      rows.push({ model, modelVersion, field, problem, count, share: predictions === 0 ? null : count / predictions });
    }
  }
  return rows.sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || b.count - a.count).slice(0, limit);
}

/**
 * The pairs of /drift answers (one per model version) worth showing: drifted pairs first (the API ranks
 * them worst first), then the largest distances without a verdict, at most {@code limit}.
 */
export function driftRows(answers, limit = 12) {
  const rows = [];
  for (const answer of answers) {
    for (const pair of answer.pairs ?? []) {
      if (pair.verdict === 'insufficient_data') continue;
      rows.push({
        model: answer.model, modelVersion: answer.version, baseline: answer.baseline,
        slice: pair.slice, feature: pair.feature, drift: pair.verdict === 'drift',
        distance: pair.jensenShannon === null ? '–' : pair.jensenShannon.toFixed(3),
        q: pair.qValue === null ? '–' : pair.qValue < 1e-4 ? pair.qValue.toExponential(1) : pair.qValue.toFixed(4),
        n: pair.currentCount,
        missing: pair.currentMissingRate === null ? '–' : `${(100 * pair.currentMissingRate).toFixed(1)}%`,
      });
    }
  }
  return rows.sort((a, b) => Number(b.drift) - Number(a.drift) || Number(b.distance) - Number(a.distance))
    .slice(0, limit);
}

/**
 * Bars of a /drift/distribution answer: per bin, the baseline's and the current window's share, scaled to
 * the chart's height by the largest share; bins empty on both sides are left out.
 */
export function distributionBars(answer, width, height) {
  const bins = (answer.bins ?? []).filter((b) => b.baselineCount > 0 || b.currentCount > 0);
  const top = Math.max(0.0001, ...bins.flatMap((b) => [b.baselineShare, b.currentShare]));
  const slot = bins.length === 0 ? 0 : width / bins.length;
  return bins.map((b, i) => ({
    label: b.bin,
    x: i * slot,
    width: slot,
    baseline: { share: b.baselineShare, height: (b.baselineShare / top) * height },
    current: { share: b.currentShare, height: (b.currentShare / top) * height },
  }));
}
