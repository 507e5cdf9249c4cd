import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkRows, distributionBars, driftRows, linePath, metricChoices, niceMax, qualityRows, toMetricGrid, toMinuteGrid } from '../src/chart.js';

test('fills minutes without predictions with zero and totals each model', () => {
  const grid = toMinuteGrid({
    from: '2026-11-26T10:00:00Z',
    to: '2026-11-26T10:03:00Z',
    series: [
      { model: 'churn', points: [{ time: '2026-11-26T10:00:00Z', count: 4 }, { time: '2026-11-26T10:02:00Z', count: 1 }] },
      { model: 'eta', points: [{ time: '2026-11-26T10:01:00Z', count: 7 }] },
    ],
  });

  assert.equal(grid.minutes.length, 3);
  assert.deepEqual(grid.series, [
    { model: 'churn', counts: [4, 0, 1], total: 5 },
    { model: 'eta', counts: [0, 7, 0], total: 7 },
  ]);
});

test('ignores points outside the requested range', () => {
  const grid = toMinuteGrid({
    from: '2026-11-26T10:00:00Z',
    to: '2026-11-26T10:01:00Z',
    series: [{ model: 'm', points: [{ time: '2026-11-26T11:00:00Z', count: 9 }] }],
  });

  assert.deepEqual(grid.series[0].counts, [0]);
});

test('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(7), 10);
  assert.equal(niceMax(13), 20);
  assert.equal(niceMax(420), 500);
  assert.equal(niceMax(1000), 1000);
});

test('draws a line from the left edge to the right edge, top is the maximum', () => {
  assert.equal(linePath([0, 5, 10], 10, 100, 50), 'M0,50L50,25L100,0');
  assert.equal(linePath([], 10, 100, 50), '');
});

test('puts a metric of each model version on the minute grid, null where there is no value', () => {
  const grid = toMetricGrid({
    from: '2026-11-26T10:00:00Z',
    to: '2026-11-26T10:03:00Z',
    series: [{ model: 'churn', modelVersion: '2', points: [
      { time: '2026-11-26T10:00:00Z', accuracy: 0.9 }, { time: '2026-11-26T10:02:00Z', accuracy: null }] }],
  }, 'accuracy');

  assert.deepEqual(grid.series, [{ name: 'churn 2', values: [0.9, null, null] }]);
});

test('breaks a line where values are missing', () => {
  assert.equal(linePath([1, null, 1], 1, 100, 10), 'M0,0M100,0');
});

test('formats the slice benchmark with intervals, the rest of the traffic and flags', () => {
  const estimate = (value, lower, upper, n) => ({ value, ciLower: lower, ciUpper: upper, n });
  const rows = benchmarkRows({ slices: [
    { slice: 'client=initech', share: 0.5, enoughSamples: true, significantlyWorse: true, qValue: 1.9e-6,
      estimate: estimate(0.6, 0.502, 0.6906, 100), vsRest: { a: estimate(0.9), difference: -0.3, pValue: 9.6e-7 } },
    { slice: 'country=de', share: 0.025, enoughSamples: false, significantlyWorse: false, qValue: null,
      estimate: estimate(0.2, null, null, 5), vsRest: { a: estimate(0.76), difference: -0.56, pValue: null } },
  ] });
  assert.deepEqual(rows[0], { slice: 'client=initech', value: '0.600', interval: '0.502 – 0.691', rest: '0.900',
    difference: '-0.300', q: '<0.001', share: '50.0%', n: 100, worse: true, thin: false });
  assert.equal(rows[1].interval, '–');
  assert.equal(rows[1].q, '–');
  assert.equal(rows[1].thin, true);
});

test('uses the step of the answer for the metric grid', () => {
  const grid = toMetricGrid({
    from: '2026-11-26T10:30:00Z',
    to: '2026-11-26T13:00:00Z',
    step: 'PT1H',
    series: [{ model: 'm', modelVersion: '1', points: [{ time: '2026-11-26T11:00:00Z', accuracy: 0.5 }] }],
  }, 'accuracy');

  assert.deepEqual(grid.series[0].values, [null, 0.5, null]);
});

test('lists the catalog metrics, performance first, and knows which are shares', () => {
  const choices = metricChoices({
    metrics: [
      { name: 'predictions', label: 'predictions', unit: 'count' },
      { name: 'scoreMean', label: 'score, mean', unit: 'number' },
      { name: 'accuracy', label: 'accuracy', unit: 'share' },
      { name: 'latencyP95Ms', label: 'latency p95 (ms)', unit: 'milliseconds' },
      { name: 'mae', label: 'MAE', unit: 'number' },
    ],
  });

  assert.deepEqual(choices.options.map((o) => o.value), ['accuracy', 'mae', 'predictions', 'scoreMean', 'latencyP95Ms']);
  assert.deepEqual([...choices.shares], ['accuracy']);
});

test('adds up data-quality problems over the range, worst share first', () => {
  const rows = qualityRows({
    series: [
      {
        model: 'churn', modelVersion: 'v1', points: [
          { predictions: 100, problems: [{ field: 'plan', problem: 'unknown_category', count: 10 }] },
          { predictions: 100, problems: [{ field: 'plan', problem: 'unknown_category', count: 30 },
            { field: 'spend', problem: 'above_range', count: 2 }] },
        ],
      },
      { model: 'eta', modelVersion: '3.1', points: [{ predictions: 50, problems: [] }] },
    ],
  });

  assert.deepEqual(rows, [
    { model: 'churn', modelVersion: 'v1', field: 'plan', problem: 'unknown_category', count: 40, share: 0.2 },
    { model: 'churn', modelVersion: 'v1', field: 'spend', problem: 'above_range', count: 2, share: 0.01 },
  ]);
});

test('lists drifted pairs first across versions and leaves out pairs without enough data', () => {
  const rows = driftRows([
    { model: 'fraud', version: '1', baseline: 'reference', pairs: [
      { slice: '__all__', feature: 'amount', verdict: 'no_drift', jensenShannon: 0.05, qValue: 0.3, currentCount: 900,
        currentMissingRate: 0.01 },
      { slice: 'client=e', feature: 'amount', verdict: 'drift', jensenShannon: 0.41, qValue: 1e-9, currentCount: 45,
        currentMissingRate: 0.4 },
      { slice: 'client=f', feature: 'amount', verdict: 'insufficient_data', jensenShannon: null, qValue: null,
        currentCount: 3, currentMissingRate: 0 },
    ] },
    { model: 'fraud', version: '2', baseline: 'trailing', pairs: [] },
  ]);

  assert.deepEqual(rows.map((r) => `${r.modelVersion} ${r.slice} ${r.feature} ${r.drift}`),
    ['1 client=e amount true', '1 __all__ amount false']);
  assert.equal(rows[0].q, '1.0e-9');
  assert.equal(rows[0].missing, '40.0%');
  assert.equal(rows[1].distance, '0.050');
});

test('draws a distribution as paired bars scaled to the largest share, without empty bins', () => {
  const bars = distributionBars({
    bins: [
      { bin: '<= 10.0', baselineCount: 50, baselineShare: 0.5, currentCount: 10, currentShare: 0.1 },
      { bin: 'not a number', baselineCount: 0, baselineShare: 0, currentCount: 0, currentShare: 0 },
      { bin: 'missing', baselineCount: 50, baselineShare: 0.5, currentCount: 90, currentShare: 0.9 },
    ],
  }, 200, 90);

  assert.deepEqual(bars.map((b) => b.label), ['<= 10.0', 'missing']);
  assert.equal(bars[1].x, 100);
  assert.equal(bars[1].current.height, 90);
  assert.equal(bars[0].baseline.height, 50);
});
