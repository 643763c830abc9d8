// Keeps the threat-intel bundle the user built across visits, in this
// origin's IndexedDB: one record {bytes: Uint8Array, info} (info as in the
// worker's 'intel' message). Used by worker.js; nothing here touches the
// network.

const DB_NAME = 'exposure-lens';
const DB_VERSION = 1;
const STORE = 'intel';
const KEY = 'active';

function openDb() {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('the database is blocked by another tab'));
  });
}

// Runs `work(store)` in one transaction and resolves with the value of the
// request it returns once the transaction has committed.
async function withStore(mode, work) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
    });
  } finally {
    db.close();
  }
}

// The saved record, or null. A record of another shape counts as none.
export async function loadSavedIntel() {
  const record = await withStore('readonly', (store) => store.get(KEY));
  if (!record || !(record.bytes instanceof Uint8Array) || !record.info || typeof record.info !== 'object') {
    return null;
  }
  return record;
}

export function saveIntel(record) {
  return withStore('readwrite', (store) => store.put({bytes: record.bytes, info: record.info}, KEY));
}

export function forgetSavedIntel() {
  return withStore('readwrite', (store) => store.delete(KEY));
}
