// A tiny key-value store over IndexedDB (the device UUID, the offline queue), one object store per name.

const DB = 'attendance';
const STORES = ['kv', 'queue'];
let opening;

function db() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => STORES.forEach((s) => req.result.objectStoreNames.contains(s) || req.result.createObjectStore(s));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return opening;
}

function tx(store, mode, fn) {
  return db().then((d) => new Promise((resolve, reject) => {
    const t = d.transaction(store, mode);
    const result = fn(t.objectStore(store));
    t.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
    t.onerror = () => reject(t.error);
  }));
}

/** An async Map-like store: get, set, delete, values. */
export function idbStore(store) {
  return {
    get: (k) => tx(store, 'readonly', (s) => s.get(k)),
    set: (k, v) => tx(store, 'readwrite', (s) => s.put(v, k)),
    delete: (k) => tx(store, 'readwrite', (s) => s.delete(k)),
    values: () => tx(store, 'readonly', (s) => s.getAll()),
  };
}

/** The same interface in memory (tests, and browsers without IndexedDB). */
export function memoryStore() {
  const m = new Map();
  return {
    get: async (k) => m.get(k),
    set: async (k, v) => { m.set(k, v); },
    delete: async (k) => { m.delete(k); },
    values: async () => [...m.values()],
  };
}
