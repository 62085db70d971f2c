import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stableProperties, fingerprintHash } from '../src/fingerprint.js';

const nav = { userAgent: 'UA', platform: 'Linux', languages: ['en-GB', 'hi'], hardwareConcurrency: 8, maxTouchPoints: 5 };
const intl = { timeZone: 'Asia/Kolkata' };

test('the same phone in either orientation gives the same properties', () => {
  assert.equal(stableProperties(nav, { width: 390, height: 844, colorDepth: 24 }, intl),
    stableProperties(nav, { width: 844, height: 390, colorDepth: 24 }, intl));
});

test('another phone gives other properties', () => {
  assert.notEqual(stableProperties(nav, { width: 390, height: 844, colorDepth: 24 }, intl),
    stableProperties({ ...nav, userAgent: 'UA2' }, { width: 390, height: 844, colorDepth: 24 }, intl));
});

test('the hash is stable, URL-safe and fits the API pattern', async () => {
  const a = await fingerprintHash('x|y');
  assert.equal(a, await fingerprintHash('x|y'));
  assert.notEqual(a, await fingerprintHash('x|z'));
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
});

test('a browser update (new version numbers) keeps the same properties', () => {
  const scr = { width: 390, height: 844, colorDepth: 24 };
  assert.equal(stableProperties({ ...nav, userAgent: 'Mozilla/5.0 (Linux; Android 15) Chrome/156.0.8078.73 Mobile' }, scr, intl),
    stableProperties({ ...nav, userAgent: 'Mozilla/5.0 (Linux; Android 15) Chrome/157.0.8100.2 Mobile' }, scr, intl));
});
