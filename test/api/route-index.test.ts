/**
 * routes/index.ts lists every route of each module without loading it (the
 * server routes on that list and loads a module at its first call): each
 * list must be exactly the routes its module declares, and no route may be
 * listed twice.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ROUTE_MODULES, routeKey } from '../../src/api/routes/index.js';

test('each module of routes/index.ts declares exactly the routes listed for it', async () => {
  for (const module of ROUTE_MODULES) {
    const declared = (await module.load()).map(routeKey);
    const listed = new Set(module.routes);
    const missing = declared.filter((key) => !listed.has(key));
    const extra = module.routes.filter((key) => !declared.includes(key));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `routes/index.ts: 'missing' routes must be added to the module's list, 'extra' ones removed (its first route: ${module.routes[0]})`);
  }
});

test('no route is listed twice', () => {
  const keys = ROUTE_MODULES.flatMap((m) => m.routes);
  assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
});
