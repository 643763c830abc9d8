// Keeps snapshots of analyses (`exposure snapshot`: zstd-compressed JSON
// lines, docs/continuous.md) in this origin's IndexedDB, so that scans can
// be compared over time: one record per snapshot,
//
//   {id, workspace, name, as_of, saved, sources, findings, open, open_risk,
//    bytes: Uint8Array}
//
// id is given by the store; workspace is a name that groups the snapshots
// compared with each other; saved is when it was saved (ISO time). In an
// encrypted workspace (docs/workspaces.md) a record is only
//
//   {id, workspace, sealed: true, bytes: sealed body}
//
// the other fields sealed in bytes (workspace_crypto.js encodeRecord).
// Used by worker.js; nothing here touches the network.
//
// Its own database, not a second store of intel_store.js's: a version bump
// there would make a tab still running the older page fail to open it.

import {inTransaction, openDatabase} from './idb.js';

const DB_NAME = 'exposure-lens-snapshots';
const DB_VERSION = 1;
const STORE = 'snapshots';
const BY_WORKSPACE = 'workspace';

export const DEFAULT_WORKSPACE = 'default';

const open = () => openDatabase(DB_NAME, DB_VERSION, (db) => {
  if (!db.objectStoreNames.contains(STORE)) {
    const store = db.createObjectStore(STORE, {keyPath: 'id', autoIncrement: true});
    store.createIndex(BY_WORKSPACE, 'workspace', {unique: false});
  }
}, 'the snapshot database');

const withStore = (mode, work) => inTransaction(open, STORE, mode, work);

// A record as stored, or null when it is not one (a damaged or foreign
// record counts as none).
function valid(record) {
  return record && typeof record === 'object' && Number.isInteger(record.id)
    && typeof record.workspace === 'string' && record.bytes instanceof Uint8Array ? record : null;
}

// The record without its bytes (what the page is shown), with `size`.
export function describeSnapshot(record) {
  const {bytes, ...meta} = record;
  return {...meta, size: bytes.length};
}

// Oldest first: by as_of, then when saved, then id.
export function compareRecords(a, b) {
  const as = String(a.as_of || '');
  const bs = String(b.as_of || '');
  if (as !== bs) return as < bs ? -1 : 1;
  const sa = String(a.saved || '');
  const sb = String(b.saved || '');
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.id - b.id;
}

// Every snapshot of `workspace`, oldest first, with their bytes.
export async function listSnapshots(workspace) {
  const records = await withStore('readonly', (store) => store.index(BY_WORKSPACE).getAll(IDBKeyRange.only(workspace)));
  return (records || []).map(valid).filter(Boolean).sort(compareRecords);
}

// The names of the workspaces that hold a snapshot, sorted.
export async function listWorkspaces() {
  const keys = await withStore('readonly', (store) => {
    const names = new Set();
    const request = store.index(BY_WORKSPACE).openKeyCursor(null, 'nextunique');
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      names.add(String(cursor.key));
      cursor.continue();
    };
    return () => [...names];
  });
  return keys.sort();
}

export async function getSnapshot(id) {
  return valid(await withStore('readonly', (store) => store.get(id)));
}

// Saves `record` (without an id) and resolves with its id.
export function addSnapshot(record) {
  const {id, ...fields} = record;
  return withStore('readwrite', (store) => store.add(fields));
}

export function deleteSnapshot(id) {
  return withStore('readwrite', (store) => store.delete(id));
}

// Deletes every snapshot of `workspace` in one transaction.
export function deleteWorkspaceSnapshots(workspace) {
  return withStore('readwrite', (store) => {
    const request = store.index(BY_WORKSPACE).openKeyCursor(IDBKeyRange.only(workspace));
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      store.delete(cursor.primaryKey);
      cursor.continue();
    };
    return () => undefined;
  });
}

// Moves every snapshot of workspace `from` to workspace `to`, in one
// transaction (ids stay).
export function renameWorkspaceSnapshots(from, to) {
  return withStore('readwrite', (store) => {
    const request = store.index(BY_WORKSPACE).openCursor(IDBKeyRange.only(from));
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      cursor.update({...cursor.value, workspace: to});
      cursor.continue();
    };
    return () => undefined;
  });
}
