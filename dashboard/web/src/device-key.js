// What a phone's key signs, in the same bytes as the server's DeviceKeys (docs/rules.md rule 6): plain functions, no
// browser state, so the unit tests can pin them to the server's vectors.

export function b64u(buffer) {
  let bin = '';
  for (const b of new Uint8Array(buffer)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function unb64u(text) {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The code a QR capture submits, as the key signs it (the server's DeviceKeys reads the same). */
export const qrCode = (qrToken) => `qr:${qrToken}`;
/** The code an OTP capture submits: the session and the four digits. */
export const otpCode = (sessionId, otp) => `otp:${sessionId}:${otp}`;

/** What the key signs for one capture: SHA-256 of a label, the student and the code — good for that code only. */
export async function captureChallenge(email, code, subtle = globalThis.crypto.subtle) {
  return new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(`attendance-capture/v1\n${email}\n${code}`)));
}
