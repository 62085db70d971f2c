// Server-sent events over fetch (an EventSource cannot send a bearer token), reconnecting by itself.

/** Splits a chunk of an event stream into complete events; returns [events, rest]. */
export function parseEvents(buffer) {
  const events = [];
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop();
  for (const block of blocks) {
    let event = 'message';
    const data = [];
    let id;
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length) events.push({ event, id, data: data.join('\n') });
  }
  return [events, rest];
}

/** Next reconnection delay: doubling from 1 s, at most 15 s. */
export function backoff(attempt) {
  return Math.min(15000, 1000 * 2 ** Math.max(0, attempt));
}

/**
 * Follows `path` with `fetchFn` (which adds the token); calls onEvent(parsedJson, name) per event and
 * onState('live' | 'reconnecting' | 'ended') as the connection changes. Returns a stop function.
 */
export function follow(path, fetchFn, { onEvent, onState = () => {}, stopOn = () => false }) {
  let stopped = false;
  let controller;
  let attempt = 0;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetchFn(path, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
        if (!res.ok) {
          // 404 can be a view that is still being made (a session just opened): try again; other refusals are final
          if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 404) {
            onState('ended', res.status);
            return;
          }
          throw new Error(`HTTP ${res.status}`);
        }
        onState('live');
        attempt = 0;
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          const [events, rest] = parseEvents(buffer);
          buffer = rest;
          for (const e of events) {
            const parsed = JSON.parse(e.data);
            onEvent(parsed, e.event);
            if (stopOn(parsed)) {
              stopped = true;
              controller.abort();
              onState('ended');
              return;
            }
          }
        }
      } catch (err) {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, backoff(attempt++)));
    }
  };
  run();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}
