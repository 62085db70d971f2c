// This phone's identity for the platform: an app UUID kept in IndexedDB (a reinstall makes a new one)
// and the fingerprint hash of stable browser properties.
import { idbStore, memoryStore } from './idb.js';
import { browserFingerprint } from './fingerprint.js';
import { api } from './api.js';

const kv = typeof indexedDB === 'undefined' ? memoryStore() : idbStore('kv');
let identity; // one promise, so that concurrent callers at start-up cannot make two UUIDs

export function deviceIdentity() {
  identity ??= (async () => {
    let deviceUuid = await kv.get('deviceUuid');
    if (!deviceUuid) {
      deviceUuid = `web-${crypto.randomUUID()}`;
      await kv.set('deviceUuid', deviceUuid);
    }
    return { deviceUuid, fingerprintHash: await browserFingerprint() };
  })();
  return identity;
}

/** Binds this phone to the signed-in student (first device ACTIVE, another PENDING); returns the status. */
export async function registerDevice() {
  const id = await deviceIdentity();
  const r = await api('/api/v1/devices', { method: 'POST', body: { ...id, platform: 'WEB' } });
  return r.status;
}

export async function deviceHeaders() {
  const id = await deviceIdentity();
  return { 'X-Device-Id': id.deviceUuid, 'X-Device-Fingerprint': id.fingerprintHash };
}
