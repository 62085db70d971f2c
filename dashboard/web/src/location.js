// The phone's position, sent with each capture as evidence that the student is in the room (the platform
// compares it with the teacher's). Watched only while the camera or the code field is in use; never required:
// without it a capture still counts, it only carries less evidence.
const MAX_AGE_MS = 120_000;
let latest = null;
let watchId = null;
let state = 'unknown'; // 'unknown' | 'on' | 'off' | 'unsupported'
const listeners = new Set();

function set(next) {
  if (next !== state) {
    state = next;
    listeners.forEach((l) => l(state));
  }
}

/** Starts watching the position (asks for permission the first time). Idempotent. */
export function watchLocation() {
  if (!globalThis.navigator?.geolocation) {
    set('unsupported');
    return;
  }
  if (watchId !== null) return;
  watchId = navigator.geolocation.watchPosition((p) => {
    latest = { lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: Math.min(100_000, Math.round(p.coords.accuracy)), at: Date.now() };
    set('on');
  }, (e) => {
    if (e.code === 1) set('off'); // PERMISSION_DENIED; a timeout keeps the last fix
  }, { enableHighAccuracy: true, maximumAge: 30_000, timeout: 20_000 });
}

export function stopWatching() {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
}

/** The last fix if it is recent, as the API takes it; undefined otherwise. */
export function currentLocation(now = Date.now()) {
  return latest && now - latest.at <= MAX_AGE_MS
    ? { lat: latest.lat, lon: latest.lon, accuracyM: latest.accuracyM } : undefined;
}

export function locationState() {
  return state;
}

export function onLocationState(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
