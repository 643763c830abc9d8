// IndexedDB for the worker's stores (intel_store.js, snapshot_store.js,
// workspace_store.js): open a database, run one transaction on one of its
// stores. Nothing here touches the network.

// Opens database `name` at `version`; `upgrade(db)` creates what an older
// version lacks. `what` names the database in errors.
export function openDatabase(name, version, upgrade, what) {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => {
      // Another tab upgrading later must not wait for this one.
      request.result.onversionchange = () => request.result.close();
      resolve(request.result);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(`${what} is blocked by another tab`));
  });
}

// Runs `work(store)` in one transaction on store `storeName` of the
// database `open()` gives, and resolves once the transaction has
// committed with what `work` returned: a request's result, or the value
// of a function (for work made of several requests).
export async function inTransaction(open, storeName, mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const result = work(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(typeof result === 'function' ? result() : result && result.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
    });
  } finally {
    db.close();
  }
}
