// The offline queue (docs/rules.md rule 8): a scan captured without network is kept on the phone with its
// capture time and submission id, and sent through /scans/batch when the network returns. An item
// leaves the queue only on a definitive answer, so nothing is lost; the submission id makes a resend
// of an item already received count once.

export const MAX_BATCH = 100;

/** What the server's per-item answer means for the queue. */
export function outcome(result) {
  if (result.httpStatus === 202 || result.httpStatus === 200) return 'accepted';
  if (result.httpStatus === 409 && result.code === 'ALREADY_MARKED') return 'already';
  if (result.httpStatus === 429 || result.httpStatus === 503 || result.httpStatus >= 500) return 'retry';
  return 'refused';
}

/**
 * How long to wait before sending again after a busy answer (503, 429): the server's Retry-After in seconds, kept
 * between 1 and 30 s; 2 s when it gave none. The camera keeps reading the code, so without this wait a busy server
 * would get the same scan again every frame.
 */
export function retryDelayMs(retryAfter) {
  const s = Number(retryAfter);
  if (!Number.isFinite(s) || retryAfter === null || retryAfter === '') return 2000;
  return Math.min(30, Math.max(1, s)) * 1000;
}

export function createQueue(store, { now = () => new Date() } = {}) {
  const listeners = new Set();
  const changed = async () => {
    const items = await list();
    listeners.forEach((l) => l(items));
  };

  async function list() {
    const items = await store.values();
    return items.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
  }

  /** Keeps a scan to send later; returns the item. */
  async function add({ submissionId, qrToken, capturedAt, location, label, leftApp, proof }) {
    const item = { submissionId, qrToken, capturedAt: capturedAt || now().toISOString(), location: location || null,
      ...(leftApp ? { leftApp } : {}), ...(proof ? { proof } : {}),
      label: label || '', state: 'queued', queuedAt: now().toISOString() };
    await store.set(submissionId, item);
    await changed();
    return item;
  }

  /**
   * Sends every queued item with `send(body)` → {results:[…]} (throws on no network). Returns the
   * finished items with their results; the ones to retry stay queued. An item kept before the phone had its key
   * (signed in and lost the network at once) is signed now by `prove(item)`, when given: the key never leaves the
   * phone, so signing the same code later proves the same thing.
   */
  async function flush(send, { prove } = {}) {
    const pending = (await list()).filter((i) => i.state === 'queued');
    const finished = [];
    for (let i = 0; i < pending.length; i += MAX_BATCH) {
      const chunk = pending.slice(i, i + MAX_BATCH);
      for (const c of chunk) {
        if (!c.proof && prove) c.proof = await prove(c).catch(() => undefined);
      }
      const body = { items: chunk.map((c) => ({ submissionId: c.submissionId, qrToken: c.qrToken, capturedAt: c.capturedAt,
        offline: true, ...(c.location ? { location: c.location } : {}), ...(c.leftApp ? { leftApp: c.leftApp } : {}),
        ...(c.proof ? { proof: c.proof } : {}) })) };
      const answer = await send(body);
      for (const result of answer.results || []) {
        const item = chunk.find((c) => c.submissionId === result.submissionId);
        if (!item) continue;
        const o = outcome(result);
        if (o === 'retry') continue;
        await store.delete(item.submissionId);
        finished.push({ ...item, state: o, result });
      }
    }
    await changed();
    return finished;
  }

  return {
    add,
    list,
    flush,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
