// Leaving the app while a code is on the student's screen or being typed (docs/rules.md rule 7): the page hidden, the
// window's focus lost (another app, another tab), counted and timed here and sent with the capture as {times, ms}.
// Weak evidence, never a refusal: the server counts it only past a few seconds in all.

/** A watch over one code's capture: `start()` when the code comes on screen, `take()` with the capture, `stop()` at the end. */
export function leaveWatch(doc = globalThis.document, win = globalThis, clock = () => performance.now()) {
  let times = 0;
  let ms = 0;
  let since = null;
  let on = false;
  const away = () => {
    if (on && since === null) {
      since = clock();
      times += 1;
    }
  };
  const back = () => {
    if (since !== null) {
      ms += clock() - since;
      since = null;
    }
  };
  const onVisibility = () => (doc.visibilityState === 'hidden' ? away() : back());
  return {
    start() {
      if (on) return;
      on = true;
      doc.addEventListener('visibilitychange', onVisibility);
      win.addEventListener('blur', away);
      win.addEventListener('focus', back);
    },
    /** What was counted since the start (or the last take), or undefined when the student never left. */
    take() {
      back();
      const counted = times > 0 ? { times, ms: Math.round(ms) } : undefined;
      times = 0;
      ms = 0;
      return counted;
    },
    stop() {
      on = false;
      since = null;
      doc.removeEventListener('visibilitychange', onVisibility);
      win.removeEventListener('blur', away);
      win.removeEventListener('focus', back);
    },
  };
}
