// A fingerprint hash of stable browser properties (docs/rules.md rule 6: no MAC address, no hardware identifier).
// Weak evidence only: two phones of one model share it. What proves the phone is its key (device.js); the fingerprint
// is shown to a teacher deciding a new phone ("looks like the active one") and judges devices from before keys.

import { b64u } from './device-key.js';

/** The properties that stay the same across visits of one browser on one phone. */
export function stableProperties(nav, scr, intl) {
  return [
    // without version numbers: a browser update must not make the same phone look like another one
    (nav.userAgent || '').replace(/\d+(\.\d+)*/g, '#'),
    nav.platform || '',
    (nav.languages || [nav.language || '']).join(','),
    String(nav.hardwareConcurrency || 0),
    String(nav.maxTouchPoints || 0),
    // the screen's size in either orientation
    [scr.width || 0, scr.height || 0].sort((a, b) => a - b).join('x'),
    String(scr.colorDepth || 0),
    intl.timeZone || '',
  ].join('|');
}

/** base64url(SHA-256(properties)) — matches the API's fingerprintHash pattern. */
export async function fingerprintHash(properties, subtle = globalThis.crypto.subtle) {
  return b64u(await subtle.digest('SHA-256', new TextEncoder().encode(properties)));
}

export function browserFingerprint() {
  return fingerprintHash(stableProperties(navigator, screen, Intl.DateTimeFormat().resolvedOptions()));
}
