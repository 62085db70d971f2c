import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChange } from '../src/live.js';

const view = {
  sessionId: 's', status: 'OPEN', counts: { present: 0, pending: 2 }, updatedAt: '2026-12-05T09:00:00Z',
  alerts: [{ type: 'FLAGGED', students: ['b@x'] }],
  students: [{ email: 'a@x', status: 'PENDING' }, { email: 'b@x', status: 'PENDING' }],
};

test('a change replaces the named students in place and takes the counts, status and time', () => {
  const next = applyChange(view, {
    sessionId: 's', status: 'OPEN', counts: { present: 1, pending: 1 }, updatedAt: '2026-12-05T09:00:01Z',
    students: [{ email: 'b@x', status: 'PRESENT' }],
  });
  assert.deepEqual(next.students.map((s) => s.status), ['PENDING', 'PRESENT']);
  assert.deepEqual(next.counts, { present: 1, pending: 1 });
  assert.equal(next.updatedAt, '2026-12-05T09:00:01Z');
  assert.deepEqual(next.alerts, view.alerts, 'alerts absent from a change are kept');
  assert.equal(view.students[1].status, 'PENDING', 'the earlier view is not modified');
});

test('alerts sent with a change replace the old ones; a student not on the roster is ignored', () => {
  const next = applyChange(view, {
    status: 'CLOSED', counts: {}, updatedAt: 't', alerts: [], students: [{ email: 'zz@x', status: 'PRESENT' }],
  });
  assert.deepEqual(next.alerts, []);
  assert.equal(next.status, 'CLOSED');
  assert.deepEqual(next.students, view.students);
});

test('a change before any view is dropped (the stream always sends the whole view first)', () => {
  assert.equal(applyChange(null, { students: [] }), null);
});
