import { test } from 'node:test';
import assert from 'node:assert/strict';
import { b64u, unb64u, captureChallenge, qrCode, otpCode } from '../src/device-key.js';

// the same vectors as the server's DeviceKeysTest: the phone and the platform must sign and check the same bytes
test('a capture challenge is SHA-256 of the label, the student and the code', async () => {
  assert.equal(b64u(await captureChallenge('asha@college.test', otpCode('9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', '0427'))),
    'vAbuaO9jQ3XRVlpVlWsYOJd1QMzLo3eXZ7W29x-PZTw');
  assert.equal(b64u(await captureChallenge('asha@college.test', qrCode('v1.s.1.2.sig'))),
    'fU36kR1F0Z7USWaE5wC_Zw-I7P3fHT20ksMukT9mCWY');
});

test('another student or another code is another challenge', async () => {
  const a = b64u(await captureChallenge('asha@college.test', qrCode('v1.s.1.2.sig')));
  assert.notEqual(a, b64u(await captureChallenge('ravi@college.test', qrCode('v1.s.1.2.sig'))));
  assert.notEqual(a, b64u(await captureChallenge('asha@college.test', qrCode('v1.s.1.3.sig'))));
});

test('base64url round-trips every byte without padding', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const text = b64u(all);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(unb64u(text), all);
  assert.equal(b64u(new Uint8Array([251, 255])), '-_8');
});
