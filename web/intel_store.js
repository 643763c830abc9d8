// The threat-intel bundle that versions before workspaces kept for the
// whole origin, in IndexedDB: one record {bytes: Uint8Array, info} (info as
// in the worker's 'intel' message). worker.js only reads it once, to move it
// into the default workspace (docs/workspaces.md), and deletes it. Nothing
// here touches the network.

import {inTransaction, openDatabase} from './idb.js';

const DB_NAME = 'exposure-lens';
const DB_VERSION = 1;
const STORE = 'intel';
const KEY = 'active';

const open = () => openDatabase(DB_NAME, DB_VERSION, (db) => {
  if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
}, 'the intel database');

const withStore = (mode, work) => inTransaction(open, STORE, mode, work);

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
