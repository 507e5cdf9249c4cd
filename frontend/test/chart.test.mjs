import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linePath, niceMax, toMetricGrid, toMinuteGrid, worstSlicesFirst } from '../src/chart.js';

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

test('lists the worst slices first', () => {
  const sorted = worstSlicesFirst([{ slice: 'a', accuracy: 0.9 }, { slice: 'b', accuracy: null },
    { slice: 'c', accuracy: 0.4 }], 'accuracy');
  assert.deepEqual(sorted.map((s) => s.slice), ['c', 'a', 'b']);
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
