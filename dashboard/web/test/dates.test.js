import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setZone, time, day, dayTime, today, percent, relative } from '../src/dates.js';

test('times are written in the college zone, the way people read them', () => {
  setZone('Asia/Kolkata');
  assert.equal(time('2026-12-02T03:35:00Z'), '09:05');
  assert.equal(day('2026-12-02T03:35:00Z'), 'Wed 2 Dec');
  assert.equal(dayTime('2026-12-02T03:35:00Z'), 'Wed 2 Dec, 09:05');
  assert.equal(today(new Date('2026-12-01T20:00:00Z')), '2026-12-02', 'after midnight in Kolkata');
});

test('a calendar date stays that day whatever the zone', () => {
  setZone('Pacific/Honolulu');
  assert.equal(day('2026-12-02'), 'Wed 2 Dec');
  setZone('Pacific/Kiritimati');
  assert.equal(day('2026-12-02'), 'Wed 2 Dec');
});

test('numbers with their units', () => {
  assert.equal(percent(0.824), '82 %');
  assert.equal(percent(null), '–');
  assert.equal(relative(Date.UTC(2026, 0, 1, 9, 4), Date.UTC(2026, 0, 1, 9, 0)), 'in 4 min');
  assert.equal(relative(Date.UTC(2026, 0, 1, 9, 0), Date.UTC(2026, 0, 1, 9, 2)), '2 min ago');
});
