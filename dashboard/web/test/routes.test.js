import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowed, HOME, ROUTES, tabsOf } from '../src/routes.js';

test('each role gets its tabs, in order', () => {
  assert.deepEqual(tabsOf('STUDENT').map((t) => t.label), ['Now', 'History', 'Claims']);
  assert.deepEqual(tabsOf('TEACHER').map((t) => t.label), ['Today', 'Dashboard', 'Devices', 'Register', 'Claims', 'LMS', 'Rings']);
  assert.deepEqual(tabsOf('MANAGEMENT').map((t) => t.label), ['Dashboard', 'Reports', 'Rings']);
  assert.deepEqual(tabsOf('ADMIN').map((t) => t.label), ['Today', 'Dashboard', 'Devices', 'Register', 'Claims', 'Reports', 'Roster', 'Users', 'LMS', 'Rings']);
});

test('a route opens only to its roles', () => {
  assert.equal(allowed('now', 'STUDENT'), true);
  assert.equal(allowed('dash', 'STUDENT'), false);
  assert.equal(allowed('roster', 'TEACHER'), false);
  assert.equal(allowed('runs', 'TEACHER'), false);
  assert.equal(allowed('project', 'MANAGEMENT'), false);
  assert.equal(allowed('nowhere', 'ADMIN'), false);
  assert.equal(allowed('lms', 'STUDENT'), false);
  assert.equal(allowed('rings', 'STUDENT'), false);
  assert.equal(allowed('rings', 'MANAGEMENT'), true);
});

test('every role lands on a route it may open, and no route is listed twice', () => {
  for (const [role, hash] of Object.entries(HOME)) assert.equal(allowed(hash.slice(2), role), true, role);
  assert.equal(new Set(ROUTES.map((r) => r.route)).size, ROUTES.length);
});
