// The platform's WebSocket (/ws?ticket=): session-opened notices for students, live counts for teachers,
// decisions for the student who was marked. Opened with a one-time ticket (never the access token in the
// URL, where proxies log it); reconnects by itself, with a new ticket each time.
import { api, currentSession } from './api.js';
import { backoff } from './sse.js';

export function connectNotices(onMessage) {
  let socket;
  let stopped = false;
  let attempt = 0;
  const open = async () => {
    if (!currentSession() || stopped) return;
    let ticket;
    try {
      ({ ticket } = await api('/api/v1/ws-tickets', { method: 'POST' }));
    } catch {
      if (!stopped) setTimeout(open, backoff(attempt++));
      return;
    }
    if (stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/ws?ticket=${encodeURIComponent(ticket)}`);
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
