import { test } from 'node:test';
import assert from 'node:assert/strict';

test('a recent fix is sent, an old one or none is not, the radius is capped at what the API takes', async () => {
  let success;
  globalThis.navigator = { geolocation: { watchPosition: (ok) => { success = ok; return 1; }, clearWatch: () => {} } };
  const { watchLocation, currentLocation, locationState } = await import('../src/location.js');
  assert.equal(currentLocation(), undefined);
  watchLocation();
  const t = Date.now();
  success({ coords: { latitude: 12.97, longitude: 77.59, accuracy: 250_000.4 } });
  assert.equal(locationState(), 'on');
  assert.deepEqual(currentLocation(t), { lat: 12.97, lon: 77.59, accuracyM: 100_000 });
  assert.equal(currentLocation(t + 121_000), undefined);
});
