// What the teacher's screens share: subjects by id, the teacher's position, a session's live view.
import { useEffect, useState } from 'preact/hooks';
import { authFetch } from '../../api.js';
import { follow } from '../../sse.js';
import { applyChange } from '../../live.js';

export function subjectsById(list = []) {
  return Object.fromEntries(list.map((s) => [s.subjectId, s]));
}

export function here() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: Math.min(100000, p.coords.accuracy) }),
      () => resolve(null), { enableHighAccuracy: true, timeout: 8000 });
  });
}

/** Follows the live view of a session (the whole view, then changes to it); returns [view, connection state]. */
export function useLive(sessionId) {
  const [view, setView] = useState(null);
  const [state, setState] = useState('connecting');
  useEffect(() => follow(`/api/v1/sessions/${sessionId}/live/stream`, authFetch, {
    onEvent: (v, event) => setView((current) => (event === 'change' ? applyChange(current, v) : v)),
    onState: setState,
  }), [sessionId]);
  return [view, state];
}

/** Follows only the counts and status of a session (the projector); returns them or null. */
export function useLiveCounts(sessionId) {
  const [counts, setCounts] = useState(null);
  useEffect(() => follow(`/api/v1/sessions/${sessionId}/live/stream?fields=counts`, authFetch, {
    onEvent: (c) => setCounts(c),
  }), [sessionId]);
  return counts;
}
