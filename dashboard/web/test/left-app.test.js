import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaveWatch } from '../src/left-app.js';

function fakePage() {
  const handlers = {};
  const target = (name) => ({
    addEventListener: (type, fn) => { handlers[`${name}:${type}`] = fn; },
    removeEventListener: (type) => { delete handlers[`${name}:${type}`]; },
  });
  const doc = { ...target('doc'), visibilityState: 'visible' };
  const win = target('win');
  const fire = (key) => handlers[key]?.();
  return { doc, win, fire, handlers };
}

test('leaving the app is counted and timed once per leave, a tab switch firing blur and hidden together', () => {
  const page = fakePage();
  let now = 0;
  const watch = leaveWatch(page.doc, page.win, () => now);
  assert.equal(watch.take(), undefined, 'nothing before it starts');
  watch.start();
  now = 1000;
  page.fire('win:blur');
  page.doc.visibilityState = 'hidden';
  page.fire('doc:visibilitychange');
  now = 9000;
  page.doc.visibilityState = 'visible';
  page.fire('doc:visibilitychange');
  page.fire('win:focus');
  now = 12000;
  page.fire('win:blur');
  now = 18500;
  assert.deepEqual(watch.take(), { times: 2, ms: 14500 }, 'still away when the capture is sent: counted up to then');
  assert.equal(watch.take(), undefined, 'taken once');
});

test('a stopped watch counts nothing and leaves no listeners', () => {
  const page = fakePage();
  const watch = leaveWatch(page.doc, page.win, () => 0);
  watch.start();
  watch.stop();
  page.fire('win:blur');
  assert.equal(watch.take(), undefined);
  assert.deepEqual(Object.keys(page.handlers), []);
});
