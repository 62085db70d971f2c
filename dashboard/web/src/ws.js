// The platform's WebSocket (/ws?token=): session-opened notices for students, live counts for teachers,
// decisions for the student who was marked. Reconnects by itself.
import { currentSession } from './api.js';
import { backoff } from './sse.js';

export function connectNotices(onMessage) {
  let socket;
  let stopped = false;
  let attempt = 0;
  const open = () => {
    const s = currentSession();
    if (!s || stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(s.accessToken)}`);
    socket.onopen = () => { attempt = 0; };
    socket.onmessage = (e) => {
      try {
        onMessage(JSON.parse(e.data));
      } catch {
        // not for us
      }
    };
    socket.onclose = () => {
      if (!stopped) setTimeout(open, backoff(attempt++));
    };
  };
  open();
  return () => {
    stopped = true;
    socket?.close();
  };
}
