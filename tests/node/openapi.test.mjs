// edge/openapi.json describes the edge worker's API as edge/worker.mjs
// serves it: every route and method, and nothing else; every reference
// resolves; every operation documents its success and error responses.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'edge/openapi.json'), 'utf8'));
const worker = fs.readFileSync(path.join(ROOT, 'edge/worker.mjs'), 'utf8');

// The ROUTES table of worker.mjs: {'/v1/x': {POST: fn, ...}, ...}.
function workerRoutes() {
  const table = /const ROUTES = \{([\s\S]*?)\n\};/.exec(worker);
  assert.ok(table, 'ROUTES not found in worker.mjs');
  const routes = {};
  for (const m of table[1].matchAll(/'(\/v1\/[a-z]+)': \{([^}]*)\}/g)) {
    routes[m[1]] = [...m[2].matchAll(/([A-Z]+):/g)].map((x) => x[1].toLowerCase())
      .filter((method) => method !== 'head');
  }
  return routes;
}

test('every route of the worker is described, with its methods, and no other', () => {
  const routes = workerRoutes();
  assert.ok(Object.keys(routes).length >= 10);
  assert.deepEqual(Object.keys(spec.paths).sort(), Object.keys(routes).sort());
  for (const [p, methods] of Object.entries(routes)) {
    assert.deepEqual(Object.keys(spec.paths[p]).sort(), methods.sort(), p);
  }
});

test('every $ref resolves and every operation has an id, 200 and error responses', () => {
  const resolve = (ref) => ref.slice(2).split('/').reduce((node, key) => node && node[key], spec);
  const walk = (node, where) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
    else if (node && typeof node === 'object') {
      if (typeof node.$ref === 'string') assert.ok(resolve(node.$ref), `${where}: ${node.$ref} does not resolve`);
      for (const [k, v] of Object.entries(node)) walk(v, `${where}.${k}`);
    }
  };
  walk(spec, 'spec');
  assert.equal(spec.openapi, '3.1.0');
  const ids = new Set();
  for (const [p, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.operationId && !ids.has(op.operationId), `${method} ${p}: operationId`);
      ids.add(op.operationId);
      assert.ok(op.responses['200'], `${method} ${p}: 200`);
      assert.ok(op.responses['500'], `${method} ${p}: 500`);
      if (p !== '/v1/health') assert.ok(op.responses['401'], `${method} ${p}: 401 (API keys)`);
      if (method === 'post') assert.ok(op.responses['413'], `${method} ${p}: 413 (limits)`);
    }
  }
});

test('the query parameters the worker reads are described on their routes', () => {
  const params = (p) => (spec.paths[p].post || spec.paths[p].get).parameters || [];
  const names = (p) => params(p).map((x) => x.$ref ? x.$ref.split('/').pop() : x.name);
  assert.deepEqual(names('/v1/analyze').sort(), ['detail', 'name', 'pretty']);
  assert.deepEqual(names('/v1/plan').sort(), ['format', 'name', 'top']);
  assert.deepEqual(names('/v1/paths').sort(), ['format', 'jewel', 'name']);
  assert.deepEqual(names('/v1/export').sort(), ['name', 'part', 'to']);
  assert.deepEqual(names('/v1/diff').sort(), ['format', 'top']);
  assert.deepEqual(names('/v1/trend').sort(), ['format']);
  for (const m of worker.matchAll(/searchParams\.get(?:All)?\('([a-z]+)'\)/g)) {
    const described = Object.keys(spec.paths).some((p) => names(p).includes(m[1]));
    assert.ok(described, `query parameter ${m[1]} is read by the worker but not described`);
  }
});
