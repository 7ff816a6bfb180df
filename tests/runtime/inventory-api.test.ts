// A second API, not Conduit, generated from tests/fixtures/inventory/spec/ by the same generator
// and served by the same runtime: routes, validation, security from the spec, problems and the
// contract harness all work on it, and every documented (operation, status) pair is exercised.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { operations } from '../fixtures/inventory/generated/operations.js';
import { buildInventoryApp } from '../fixtures/inventory/server.js';
import { contractClient, type ContractClient } from '../harness/contract.js';
import { coverageReport } from '../harness/coverage.js';
import { loadSpec, type Json } from '../harness/spec.js';

const spec = loadSpec(new URL('../fixtures/inventory/generated/openapi.json', import.meta.url));
const documentedTypes = new Set(
  (
    (spec.components as { schemas: { Problem: { 'x-problem-types': { type: string }[] } } }).schemas
      .Problem['x-problem-types'] ?? []
  ).map((entry) => entry.type),
);

const exercised = new Set<string>();
const answeredTypes = new Set<string>();
let app: FastifyInstance;
let api: ContractClient;

beforeAll(async () => {
  app = await buildInventoryApp();
  await app.ready();
  api = contractClient(app.server, {
    spec,
    onExercised: (operationId, status) => exercised.add(`${operationId} ${status}`),
  });
});
afterAll(() => app.close());

const keyboard = { sku: 'KB-0042', name: 'Keyboard', stock: 12 };
const asClerk = { 'X-Api-Key': 'clerk-key' };
const asManager = { 'X-Api-Key': 'manager-key' };
const asAuditor = { 'X-Api-Key': 'auditor-key' };

/** The body of a problem answer, its type noted for the catalog check at the end. */
function problemType(body: Json): string {
  const type = String(body.type);
  answeredTypes.add(type);
  return type;
}

describe('the inventory API on the runtime', () => {
  it('creates an item for a clerk, with its Location, and reads it back', async () => {
    const created = await api.post('/items').set(asClerk).send(keyboard).expect(201);
    expect(created.body).toEqual(keyboard);
    expect(created.headers.location).toBe('/items/KB-0042');
    const read = await api.get('/items/KB-0042').expect(200);
    expect(read.body).toEqual(keyboard);
  });

  it('refuses a second item with the same SKU (409)', async () => {
    const res = await api.post('/items').set(asManager).send(keyboard).expect(409);
    expect(problemType(res.body)).toBe('/problems/conflict');
  });

  it('validates bodies and parameters from the spec (422 naming the field)', async () => {
    const bad = await api
      .post('/items')
      .set(asClerk)
      .send({ ...keyboard, sku: 'keyboard' })
      .expect(422);
    expect(problemType(bad.body)).toBe('/problems/validation-failed');
    expect(Object.keys(bad.body.errors)).toEqual(['sku']);
    const limit = await api.get('/items?limit=0').expect(422);
    expect(Object.keys(limit.body.errors)).toEqual(['limit']);
    const stock = await api
      .put('/items/KB-0042/stock')
      .set(asClerk)
      .send({ stock: -1 })
      .expect(422);
    expect(Object.keys(stock.body.errors)).toEqual(['stock']);
  });

  it('lists items, filtered by a query parameter', async () => {
    await api.post('/items').set(asClerk).send({ sku: 'MS-0007', name: 'Mouse', stock: 0 });
    const all = await api.get('/items').expect(200);
    expect(all.body).toEqual({
      items: [keyboard, { sku: 'MS-0007', name: 'Mouse', stock: 0 }],
      count: 2,
    });
    const inStock = await api.get('/items?inStock=true&limit=1').expect(200);
    expect(inStock.body).toEqual({ items: [keyboard], count: 1 });
  });

  it('sets stock through a path-level parameter', async () => {
    const res = await api.put('/items/MS-0007/stock').set(asClerk).send({ stock: 5 }).expect(200);
    expect(res.body.stock).toBe(5);
    const missing = await api
      .put('/items/ZZ-0000/stock')
      .set(asClerk)
      .send({ stock: 5 })
      .expect(404);
    expect(problemType(missing.body)).toBe('/problems/not-found');
  });

  it('enforces the security the spec declares: 401 without a key, 403 without the role', async () => {
    const anonymous = await api.post('/items').send(keyboard).expect(401);
    expect(problemType(anonymous.body)).toBe('/problems/unauthorized');
    expect(anonymous.headers['www-authenticate']).toBe('ApiKey header="X-Api-Key"');
    // Security is checked before the body: an invalid body from nobody is still a 401.
    await api.put('/items/KB-0042/stock').set({ 'X-Api-Key': 'guess' }).send({}).expect(401);
    await api.delete('/items/KB-0042').expect(401);
    const auditor = await api.post('/items').set(asAuditor).send(keyboard).expect(403);
    expect(problemType(auditor.body)).toBe('/problems/forbidden');
    await api.put('/items/KB-0042/stock').set(asAuditor).send({ stock: 1 }).expect(403);
    await api.delete('/items/KB-0042').set(asClerk).expect(403);
  });

  it('deletes for a manager only, then the item is gone', async () => {
    await api.delete('/items/MS-0007').set(asManager).expect(204);
    await api.delete('/items/MS-0007').set(asManager).expect(404);
    await api.get('/items/MS-0007').expect(404);
  });

  it("answers the runtime's own problems: unknown route, wrong method, bad JSON, media type", async () => {
    const unknown = await api.get('/nothing-here').expect(404);
    expect(problemType(unknown.body)).toBe('/problems/not-found');
    const method = await api.patch('/items').expect(405);
    expect(problemType(method.body)).toBe('/problems/method-not-allowed');
    expect(method.headers.allow).toBe('GET, HEAD, POST');
    const malformed = await api
      .post('/items')
      .set(asClerk)
      .set('Content-Type', 'application/json')
      .send('{"sku":')
      .expect(400);
    expect(problemType(malformed.body)).toBe('/problems/malformed-request');
    const media = await api
      .post('/items')
      .set(asClerk)
      .set('Content-Type', 'text/plain')
      .send('KB-0042')
      .expect(415);
    expect(problemType(media.body)).toBe('/problems/unsupported-media-type');
    await api
      .put('/items/KB-0042/stock')
      .set(asClerk)
      .set('Content-Type', 'application/json')
      .send('{')
      .expect(400);
    await api
      .put('/items/KB-0042/stock')
      .set(asClerk)
      .set('Content-Type', 'application/xml')
      .send('<stock>1</stock>')
      .expect(415);
  });

  it('serves its own docs from its own spec', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().info.title).toBe('Inventory API');
  });
});

describe('after the suite', () => {
  it('exercised every documented (operation, status) pair of the inventory spec', () => {
    const report = coverageReport(operations, exercised, []);
    expect(report.missing).toEqual([]);
    expect(report.exercised).toBe(report.total);
  });

  it('answered only problem types its spec documents', () => {
    expect([...answeredTypes].filter((type) => !documentedTypes.has(type))).toEqual([]);
    expect(answeredTypes.size).toBeGreaterThan(5);
  });
});
