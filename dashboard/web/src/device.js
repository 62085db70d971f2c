// This phone's identity for the platform (docs/rules.md rule 6): an app UUID kept in IndexedDB (a reinstall makes a
// new one), the fingerprint hash of stable browser properties (weak evidence only: two phones of one model share it),
// and the key that proves the phone. A passkey where the phone has a platform authenticator — its owner's fingerprint,
// face or PIN unlocks it, on the phone — else a WebCrypto key made for this install, which the browser never lets out.
// Every capture carries a signature by that key over the very code it submits.
import { idbStore, memoryStore } from './idb.js';
import { browserFingerprint } from './fingerprint.js';
import { api, currentSession } from './api.js';
import { b64u, unb64u, captureChallenge } from './device-key.js';

export { qrCode, otpCode } from './device-key.js';

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

const slot = (email) => `deviceKey:${email}`;

async function passkeysAvailable() {
  try {
    return Boolean(globalThis.PublicKeyCredential
      && await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable());
  } catch {
    return false;
  }
}

/** Makes this phone's key for the student: a passkey if the phone can, else an install key. */
async function makeKey(email) {
  const c = await api('/api/v1/devices/challenge', { method: 'POST' });
  if (await passkeysAvailable()) {
    try {
      const cred = await navigator.credentials.create({ publicKey: {
        challenge: unb64u(c.challenge),
        rp: { id: c.rpId, name: 'College attendance' },
        user: { id: unb64u(c.userHandle), name: email, displayName: email },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
        authenticatorSelection: { authenticatorAttachment: 'platform', userVerification: 'required', residentKey: 'preferred' },
        attestation: 'none',
        timeout: 120000,
      } });
      return {
        stored: { kind: 'PASSKEY', credentialId: b64u(cred.rawId), rpId: c.rpId },
        registration: { kind: 'PASSKEY', challenge: c.challenge, clientDataJSON: b64u(cred.response.clientDataJSON),
          attestationObject: b64u(cred.response.attestationObject) },
      };
    } catch {
      // the student cancelled or the phone refused: this install's own key instead
    }
  }
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const spki = await crypto.subtle.exportKey('spki', pair.publicKey);
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, unb64u(c.challenge));
  return {
    stored: { kind: 'INSTALL_KEY', privateKey: pair.privateKey },
    registration: { kind: 'INSTALL_KEY', challenge: c.challenge, publicKey: b64u(spki), signature: b64u(signature) },
  };
}

/**
 * Binds this phone to the signed-in student (first device ACTIVE, another PENDING until a teacher approves) and makes
 * its key the first time; returns the status. A key the platform does not know (its record was erased) is made anew.
 */
export async function registerDevice(email = currentSession()?.user?.email) {
  const id = await deviceIdentity();
  for (let attempt = 0; ; attempt++) {
    const held = await kv.get(slot(email));
    const made = held ? null : await makeKey(email);
    try {
      const r = await api('/api/v1/devices', { method: 'POST', body: { ...id, platform: 'WEB', ...(made && { key: made.registration }) } });
      if (made) await kv.set(slot(email), made.stored);
      if (held && !r.key && attempt === 0) {
        await kv.delete(slot(email));
        continue;
      }
      return r.status;
    } catch (e) {
      if (held && e.code === 'DEVICE_PROOF_REQUIRED' && attempt === 0) {
        await kv.delete(slot(email));
        continue;
      }
      throw e;
    }
  }
}

/**
 * The key's signature over one capture's code, for the request's `proof` (undefined on a phone without a key yet). A
 * passkey asks for the owner's unlock; a cancelled unlock throws.
 */
export async function deviceProof(code, email = currentSession()?.user?.email) {
  const key = await kv.get(slot(email));
  if (!key) return undefined;
  const challenge = await captureChallenge(email, code);
  if (key.kind === 'PASSKEY') {
    const a = await navigator.credentials.get({ publicKey: {
      challenge, rpId: key.rpId, userVerification: 'required', timeout: 60000,
      allowCredentials: [{ type: 'public-key', id: unb64u(key.credentialId) }],
    } });
    return { kind: 'PASSKEY', credentialId: b64u(a.rawId), clientDataJSON: b64u(a.response.clientDataJSON),
      authenticatorData: b64u(a.response.authenticatorData), signature: b64u(a.response.signature) };
  }
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, challenge);
  return { kind: 'INSTALL_KEY', signature: b64u(signature) };
}

export async function deviceHeaders() {
  const id = await deviceIdentity();
  return { 'X-Device-Id': id.deviceUuid, 'X-Device-Fingerprint': id.fingerprintHash };
}
