// Liveness and readiness: /health answers while the process runs; /ready follows the database.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

describe('GET /health and GET /ready', () => {
  it('answer 200 while the database answers', async () => {
    const health = await service.api.get('/health').expect(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await service.api.get('/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'up' });
  });

  it('keep /health at 200 but turn /ready to 503 when the database goes away', async () => {
    const outage = await startService();
    try {
      await outage.database.close();
      await outage.api.get('/health').expect(200);
      const ready = await outage.api.get('/ready').expect(503);
      expect(ready.body).toMatchObject({
        type: '/problems/service-unavailable',
        status: 503,
        instance: '/ready',
      });
    } finally {
      await outage.close();
    }
  });
});

describe('GET /metrics', () => {
  it('counts requests and times them by method, route pattern and status', async () => {
    await service.api.get('/api/tags').expect(200);
    await service.api.get('/api/articles/no-such-article').expect(404);
    const res = await service.api.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = res.body as string;
    expect(metrics).toMatch(
      /^http_requests_total\{method="GET",route="\/api\/tags",status="200"\} [1-9]\d*$/m,
    );
    // The route pattern, never the raw path: one series however many slugs are asked for.
    expect(metrics).toMatch(
      /^http_requests_total\{method="GET",route="\/api\/articles\/:slug",status="404"\} [1-9]/m,
    );
    expect(metrics).not.toContain('no-such-article');
    expect(metrics).toMatch(
      /^http_request_duration_seconds_bucket\{le="[\d.+Inf]+",method="GET",route="\/api\/tags",status="200"\} \d+$/m,
    );
  });
});
