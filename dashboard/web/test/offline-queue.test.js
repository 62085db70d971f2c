import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueue, outcome, MAX_BATCH, retryDelayMs } from '../src/offline-queue.js';
import { memoryStore } from '../src/idb.js';

const at = (s) => `2026-12-01T09:00:${String(s).padStart(2, '0')}.000Z`;

test('an item keeps its capture time and submission id, and is sent marked offline', async () => {
  const q = createQueue(memoryStore());
  await q.add({ submissionId: 's1', qrToken: 'v1.t', capturedAt: at(5) });
  let sent;
  const done = await q.flush(async (body) => {
    sent = body;
    return { results: [{ submissionId: 's1', httpStatus: 202, sessionId: 'x' }] };
  });
  assert.deepEqual(sent, { items: [{ submissionId: 's1', qrToken: 'v1.t', capturedAt: at(5), offline: true }] });
  assert.equal(done[0].state, 'accepted');
  assert.deepEqual(await q.list(), []);
});

test('the signature made at capture goes with the item; one kept before the phone had its key is signed at sending', async () => {
  const q = createQueue(memoryStore());
  await q.add({ submissionId: 's1', qrToken: 'v1.a', capturedAt: at(1), proof: { kind: 'INSTALL_KEY', signature: 'made-offline' } });
  await q.add({ submissionId: 's2', qrToken: 'v1.b', capturedAt: at(2) });
  const asked = [];
  let sent;
  await q.flush(async (body) => {
    sent = body;
    return { results: body.items.map((i) => ({ submissionId: i.submissionId, httpStatus: 202 })) };
  }, { prove: async (item) => { asked.push(item.qrToken); return { kind: 'INSTALL_KEY', signature: 'at-sending' }; } });
  assert.deepEqual(asked, ['v1.b']);
  assert.deepEqual(sent.items.map((i) => i.proof.signature), ['made-offline', 'at-sending']);
});

test('a phone that still cannot sign sends the item unsigned (the server says why), and a failed signing loses nothing', async () => {
  const q = createQueue(memoryStore());
  await q.add({ submissionId: 's1', qrToken: 'v1.a', capturedAt: at(1) });
  let sent;
  await q.flush(async (body) => {
    sent = body;
    return { results: [{ submissionId: 's1', httpStatus: 503, code: 'UNAVAILABLE' }] };
  }, { prove: async () => { throw new Error('unlock cancelled'); } });
  assert.equal(sent.items[0].proof, undefined);
  assert.equal((await q.list()).length, 1);
});

test('no network: nothing is lost, and the same submission id is sent again later', async () => {
  const q = createQueue(memoryStore());
  await q.add({ submissionId: 's1', qrToken: 't', capturedAt: at(1) });
  await assert.rejects(q.flush(async () => { throw new Error('offline'); }));
  assert.equal((await q.list()).length, 1);
  const ids = [];
  await q.flush(async (body) => {
    ids.push(...body.items.map((i) => i.submissionId));
    return { results: [{ submissionId: 's1', httpStatus: 202 }] };
  });
  assert.deepEqual(ids, ['s1']);
});

test('refused items leave the queue with their reason; busy answers stay to retry', async () => {
  const q = createQueue(memoryStore());
  await q.add({ submissionId: 'a', qrToken: 't', capturedAt: at(1) });
  await q.add({ submissionId: 'b', qrToken: 't', capturedAt: at(2) });
  await q.add({ submissionId: 'c', qrToken: 't', capturedAt: at(3) });
  const done = await q.flush(async () => ({ results: [
    { submissionId: 'a', httpStatus: 422, code: 'OFFLINE_TOO_LATE' },
    { submissionId: 'b', httpStatus: 503, code: 'UNAVAILABLE' },
    { submissionId: 'c', httpStatus: 409, code: 'ALREADY_MARKED' }] }));
  assert.deepEqual(done.map((d) => [d.submissionId, d.state]), [['a', 'refused'], ['c', 'already']]);
  assert.deepEqual((await q.list()).map((i) => i.submissionId), ['b']);
});

test('a long queue goes in batches the API accepts, in capture order', async () => {
  const q = createQueue(memoryStore());
  for (let i = 0; i < MAX_BATCH + 5; i++) {
    await q.add({ submissionId: `s${i}`, qrToken: 't', capturedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, 0, i)).toISOString() });
  }
  const sizes = [];
  await q.flush(async (body) => {
    sizes.push(body.items.length);
    return { results: body.items.map((i) => ({ submissionId: i.submissionId, httpStatus: 202 })) };
  });
  assert.deepEqual(sizes, [MAX_BATCH, 5]);
});

test('listeners see the queue change', async () => {
  const q = createQueue(memoryStore());
  const seen = [];
  q.subscribe((items) => seen.push(items.length));
  await q.add({ submissionId: 'a', qrToken: 't', capturedAt: at(1) });
  await q.flush(async () => ({ results: [{ submissionId: 'a', httpStatus: 202 }] }));
  assert.deepEqual(seen, [1, 0]);
});

test('outcomes', () => {
  assert.equal(outcome({ httpStatus: 202 }), 'accepted');
  assert.equal(outcome({ httpStatus: 429, code: 'RATE_LIMITED' }), 'retry');
  assert.equal(outcome({ httpStatus: 500 }), 'retry');
  assert.equal(outcome({ httpStatus: 403, code: 'DEVICE_MISMATCH' }), 'refused');
  assert.equal(outcome({ httpStatus: 409, code: 'SESSION_NOT_OPEN' }), 'refused');
});

test('a busy answer is retried after the server\'s Retry-After, within 1–30 s, 2 s without one', () => {
  assert.equal(retryDelayMs('2'), 2000);
  assert.equal(retryDelayMs('7'), 7000);
  assert.equal(retryDelayMs('0'), 1000);
  assert.equal(retryDelayMs('3600'), 30000);
  assert.equal(retryDelayMs(null), 2000);
  assert.equal(retryDelayMs(undefined), 2000);
  assert.equal(retryDelayMs('soon'), 2000);
});
