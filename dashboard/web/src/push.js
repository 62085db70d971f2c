// Web Push for when the app is closed: the browser's push subscription, sent to the platform.
import { api } from './api.js';

function bytes(base64url) {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((base64url.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export function pushSupported() {
  return 'serviceWorker' in navigator && 'PushManager' in globalThis && 'Notification' in globalThis && isSecureContext;
}

/** 'on' | 'off' | 'blocked' | 'unsupported' */
export async function pushState() {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = reg && (await reg.pushManager.getSubscription());
  return sub ? 'on' : 'off';
}

export async function enablePush() {
  if ((await Notification.requestPermission()) !== 'granted') return 'blocked';
  const reg = await navigator.serviceWorker.ready;
  const { publicKey } = await api('/api/v1/push/vapid-public-key');
  const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(publicKey) });
  const json = sub.toJSON();
  await api('/api/v1/me/push-subscriptions', { method: 'POST', body: { endpoint: json.endpoint, keys: json.keys } });
  return 'on';
}
