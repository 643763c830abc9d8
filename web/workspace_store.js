// Keeps the workspaces (docs/workspaces.md) in this origin's IndexedDB: what
// a workspace is, and its decisions, policy and threat intel. Its snapshots
// are in snapshot_store.js's database. Two stores:
//
//   workspaces  {name, encrypted, kdf?, verifier?, created}   key: name
//   records     {workspace, kind, body: Uint8Array}           key: [workspace, kind]
//
// kind is 'decisions', 'policy' or 'intel'; body is what
// workspace_crypto.js encodeRecord made (gzipped, sealed when the workspace
// is encrypted). A workspace without a 'workspaces' entry is a plain one
// that was named before workspaces had entries (only snapshots). Used by
// worker.js; nothing here touches the network.

import {inTransaction, openDatabase} from './idb.js';

export const DB_NAME = 'exposure-lens-workspaces';
const DB_VERSION = 1;
const WORKSPACES = 'workspaces';
const RECORDS = 'records';

const open = () => openDatabase(DB_NAME, DB_VERSION, (db) => {
  if (!db.objectStoreNames.contains(WORKSPACES)) db.createObjectStore(WORKSPACES, {keyPath: 'name'});
  if (!db.objectStoreNames.contains(RECORDS)) db.createObjectStore(RECORDS, {keyPath: ['workspace', 'kind']});
}, 'the workspace database');

const withStore = (name, mode, work) => inTransaction(open, name, mode, work);

export async function getWorkspace(name) {
  const entry = await withStore(WORKSPACES, 'readonly', (store) => store.get(name));
  return entry && typeof entry.name === 'string' ? entry : null;
}

export async function listWorkspaceEntries() {
  return (await withStore(WORKSPACES, 'readonly', (store) => store.getAll())) || [];
}

export function putWorkspace(entry) {
  return withStore(WORKSPACES, 'readwrite', (store) => store.put(entry));
}

export async function getRecord(workspace, kind) {
  const record = await withStore(RECORDS, 'readonly', (store) => store.get([workspace, kind]));
  return record && record.body instanceof Uint8Array ? record : null;
}

export async function listRecords(workspace) {
  const all = await withStore(RECORDS, 'readonly',
    (store) => store.getAll(IDBKeyRange.bound([workspace, ''], [workspace, '\uffff'])));
  return (all || []).filter((r) => r.body instanceof Uint8Array);
}

export function putRecord(workspace, kind, body) {
  return withStore(RECORDS, 'readwrite', (store) => store.put({workspace, kind, body}));
}

export function deleteRecord(workspace, kind) {
  return withStore(RECORDS, 'readwrite', (store) => store.delete([workspace, kind]));
}

// Deletes the workspace's entry and records (not its snapshots).
export async function deleteWorkspaceEntry(workspace) {
  await withStore(RECORDS, 'readwrite',
    (store) => store.delete(IDBKeyRange.bound([workspace, ''], [workspace, '\uffff'])));
  await withStore(WORKSPACES, 'readwrite', (store) => store.delete(workspace));
}
