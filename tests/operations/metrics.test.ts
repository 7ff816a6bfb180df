// Request metrics: counted per method, route pattern and status (never the raw URL, whose
// slugs and usernames would make a series each), timed in a histogram, one registry per app.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMetrics, type Metrics } from '../../src/runtime/metrics.js';
import { startService, type TestService } from '../support/app.js';

let service: TestService;
let metrics: Metrics;
beforeAll(async () => {
  metrics = createMetrics();
  service = await startService({}, { metrics });
});
afterAll(async () => {
  await service.close();
});

/** The value of one series in the exposition text, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(`${name}{${labels}} `));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('request metrics', () => {
  it('label requests by route pattern, method and status', async () => {
    await service.api.get('/api/articles/first-slug').expect(404);
    await service.api.get('/api/articles/second-slug').expect(404);
    await service.api.get('/api/tags').expect(200);
    const text = await metrics.render();
    const slug = 'method="GET",route="/api/articles/:slug",status="404"';
    expect(sample(text, 'http_requests_total', slug)).toBe(2);
    expect(sample(text, 'http_requests_total', 'method="GET",route="/api/tags",status="200"')).toBe(
      1,
    );
    expect(text).not.toMatch(/first-slug|second-slug/);
  });

  it('put every unknown path and unsupported method under one route label', async () => {
    for (const path of ['/api/nothing-a', '/api/nothing-b', '/wp-admin/setup.php']) {
      await service.api.get(path).expect(404);
    }
    await service.api.delete('/api/tags').expect(405);
    // OPTIONS reaches CORS's catch-all route first, which hands a non-preflight to routing.
    await service.api.options('/api/tags').expect(405);
    const text = await metrics.render();
    expect(sample(text, 'http_requests_total', 'method="GET",route="unmatched",status="404"')).toBe(
      3,
    );
    expect(
      sample(text, 'http_requests_total', 'method="DELETE",route="unmatched",status="405"'),
    ).toBe(1);
    expect(
      sample(text, 'http_requests_total', 'method="OPTIONS",route="unmatched",status="405"'),
    ).toBe(1);
    expect(text).not.toMatch(/nothing-a|wp-admin/);
  });

  it('time requests in a histogram with the same labels', async () => {
    await service.api.get('/api/articles').expect(200);
    const text = await metrics.render();
    const labels = 'method="GET",route="/api/articles",status="200"';
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(sample(text, 'http_request_duration_seconds_count', labels)).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_bucket', `le="+Inf",${labels}`)).toBe(1);
    const seconds = sample(text, 'http_request_duration_seconds_sum', labels);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(10);
  });

  it('include the process’s own metrics', async () => {
    const text = await metrics.render();
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('keep each app’s counts apart', async () => {
    const other = createMetrics();
    const second = await startService({}, { metrics: other });
    try {
      await second.api.get('/api/tags').expect(200);
      const label = 'method="GET",route="/api/tags",status="200"';
      expect(sample(await other.render(), 'http_requests_total', label)).toBe(1);
      expect(sample(await metrics.render(), 'http_requests_total', label)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('are served at GET /metrics in the exposition format', async () => {
    await service.api.get('/api/tags').expect(200);
    const res = await service.api.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    // The contract harness leaves a body that is not JSON as text.
    const label = 'method="GET",route="/api/tags",status="200"';
    expect(sample(res.body as string, 'http_requests_total', label)).toBe(2);
  });
});
