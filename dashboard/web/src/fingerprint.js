// A fingerprint hash of stable browser properties (docs/rules.md rule 6: no MAC address, no hardware identifier).
// It survives a reinstall of the web app (a new app UUID in IndexedDB), so the platform can tell a
// reinstall on the same phone from a different phone.

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
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(properties));
  let bin = '';
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function browserFingerprint() {
  return fingerprintHash(stableProperties(navigator, screen, Intl.DateTimeFormat().resolvedOptions()));
}
