import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvents, backoff } from '../src/sse.js';

test('complete events are parsed and the incomplete rest is kept', () => {
  const [events, rest] = parseEvents('event:live\ndata:{"a":1}\n\n:heartbeat\n\nevent:qr\nid:7\ndata:{"b"');
  assert.deepEqual(events, [{ event: 'live', id: undefined, data: '{"a":1}' }]);
  assert.equal(rest, 'event:qr\nid:7\ndata:{"b"');
});

test('CRLF, multi-line data and a space after the colon', () => {
  const [events] = parseEvents('data: one\r\ndata: two\r\n\r\n');
  assert.deepEqual(events, [{ event: 'message', id: undefined, data: 'one\ntwo' }]);
});

test('reconnection backs off to at most 15 s', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 10].map(backoff), [1000, 2000, 4000, 8000, 15000, 15000]);
});
