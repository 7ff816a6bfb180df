// The mock (`make mock`) of both APIs in generate.config.ts, served from the bundled spec alone:
// every documented status of every operation, asked for with `Prefer: code=`, answers valid
// against the spec through the contract harness; named examples are picked with
// `Prefer: example=`; requests are validated and secured as in production.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { operationTable } from '../../scripts/generator/operation-table.js';
import { readOperations } from '../../scripts/generator/spec-model.js';
import { buildMockApp, MOCK_SETTINGS } from '../../src/runtime/mock-server.js';
import { contractClient, type ContractClient } from '../harness/contract.js';
import { allowedHeaders, preflight } from '../harness/cors.js';
import { exampleRequests } from '../harness/examples.js';
import { expectProblem } from '../support/problems.js';
import { loadSpec, type Json } from '../harness/spec.js';

const SPECS = {
  conduit: new URL('../../generated/openapi.json', import.meta.url),
  inventory: new URL('../fixtures/inventory/generated/openapi.json', import.meta.url),
};

/** A credential for every security scheme the spec declares: the mock accepts any. */
function credentials(spec: Json): Record<string, string> {
  const schemes = ((spec.components as Json | undefined)?.securitySchemes ?? {}) as Record<
    string,
    { type?: string; in?: string; name?: string }
  >;
  const headers: Record<string, string> = {};
  for (const scheme of Object.values(schemes)) {
    if (scheme.type === 'apiKey' && scheme.in === 'header') headers[scheme.name!] = 'mock';
    else headers.Authorization = 'Token mock';
  }
  return headers;
}

async function mockOf(spec: Json): Promise<FastifyInstance> {
  const app = await buildMockApp(spec, operationTable(readOperations(spec)), {
    ...MOCK_SETTINGS,
    logLevel: 'silent',
  });
  await app.ready();
  return app;
}

describe.each(Object.entries(SPECS))('the mock of %s', (_name, file) => {
  const spec = loadSpec(file);
  const exercised = new Set<string>();
  let app: FastifyInstance;
  let api: ContractClient;
  beforeAll(async () => {
    app = await mockOf(spec);
    api = contractClient(app.server, {
      spec,
      onExercised: (operationId, status) => exercised.add(`${operationId} ${status}`),
    });
  });
  afterAll(() => app.close());

  const cases = exampleRequests(spec).flatMap((request) =>
    request.operation.responses
      .filter((response) => response.kind === 'status')
      .map((response) => [request.operation.operationId, response.key, request] as const),
  );

  it.each(cases)('%s answers a valid %s when asked', async (_id, status, request) => {
    let call = api[request.method](request.url)
      .set(credentials(spec))
      .set('Prefer', `code=${status}`);
    if (request.body !== undefined) call = call.send(request.body as object);
    const res = await call;
    expect(res.status).toBe(Number(status));
  });

  it('exercised every documented status of every operation', () => {
    const documented = cases.map(([id, status]) => `${id} ${status}`);
    expect(documented.filter((pair) => !exercised.has(pair))).toEqual([]);
    expect(documented.length).toBeGreaterThan(0);
  });
});

describe('choosing and refusing on the inventory mock', () => {
  const spec = loadSpec(SPECS.inventory);
  let app: FastifyInstance;
  let api: ContractClient;
  beforeAll(async () => {
    app = await mockOf(spec);
    api = contractClient(app.server, { spec, record: false });
  });
  afterAll(() => app.close());

  it('answers the lowest 2xx with the first example by default, or a named one', async () => {
    expect((await api.get('/items/KB-0042').expect(200)).body).toEqual({
      sku: 'KB-0042',
      name: 'Keyboard',
      stock: 12,
    });
    const soldOut = await api.get('/items/KB-0042').set('Prefer', 'example=soldOut').expect(200);
    expect(soldOut.body.stock).toBe(0);
  });

  it("gives a problem answer the status's own type and the request's path", async () => {
    const res = await api
      .put('/items/KB-0042/stock')
      .set({ 'X-Api-Key': 'any', Prefer: 'code=404' })
      .send({ stock: 1 })
      .expect(404);
    expectProblem(res, 404, { type: '/problems/not-found' });
    expect(res.body.instance).toBe('/items/KB-0042/stock');
  });

  it('validates requests and checks security as production does', async () => {
    const invalid = await api
      .post('/items')
      .set({ 'X-Api-Key': 'any', Prefer: 'code=201' })
      .send({ sku: 'nope', name: 'x', stock: 1 })
      .expect(422);
    expect(Object.keys(invalid.body.errors)).toEqual(['sku']);
    await api.delete('/items/KB-0042').set('Prefer', 'code=204').expect(401);
  });

  it("lets a browser on an allowed origin send Prefer and the spec's API key", async () => {
    const origin = 'http://localhost:5173';
    const browserMock = await buildMockApp(spec, operationTable(readOperations(spec)), {
      ...MOCK_SETTINGS,
      logLevel: 'silent',
      corsOrigins: [origin],
    });
    try {
      await browserMock.ready();
      const headers = 'content-type, prefer, x-api-key';
      const res = await preflight(browserMock.server, '/items', origin, headers).expect(204);
      expect(allowedHeaders(res)).toEqual(
        expect.arrayContaining(['Content-Type', 'Prefer', 'X-Api-Key']),
      );
    } finally {
      await browserMock.close();
    }
  });

  it('says why when the spec cannot meet the preference', async () => {
    const raw = supertest(app.server);
    for (const [prefer, detail] of [
      ['code=418', /Status 418 is not documented \(documented: 200, 404\)/],
      ['example=nothing', /No response has an example named 'nothing'/],
      ['code=404, example=soldOut', /no example named 'soldOut'/],
    ] as const) {
      const res = await raw.get('/items/KB-0042').set('Prefer', prefer).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: '/problems/malformed-request',
        instance: '/items/KB-0042',
      });
      expect(res.body.detail).toMatch(detail);
    }
  });
});
