// Response headers over real HTTP: helmet's hardening headers (a CSP that loads nothing on API
// answers, the docs' own on /docs), no framework banner, and CORS for the configured origins
// only, preflights included, without breaking the 405 answer to a plain OPTIONS.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { startService, type TestService } from '../support/app.js';
import { allowedHeaders, preflight } from '../harness/cors.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';

const ALLOWED = 'https://app.example.com';
const OTHER = 'https://evil.example.net';

let service: TestService;
let user: TestUser;
beforeAll(async () => {
  service = await startService({ CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` });
  user = await registerUser(service.api);
});
afterAll(async () => {
  await service.close();
});

// Preflights (204, no body) are no operation of the spec: plain Supertest for those.
const raw = () => supertest(service.app.server);

const corsHeaders = (headers: Record<string, unknown>) =>
  Object.keys(headers).filter((name) => name.startsWith('access-control-'));

describe('hardening headers', () => {
  it('go on every answer: success, problem and unknown path', async () => {
    for (const res of [
      await service.api.get('/api/user').set(auth(user)).expect(200),
      await service.api.get('/api/user').expect(401),
      await service.api.get('/api/nothing-here').expect(404),
    ]) {
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      );
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
        'cross-origin-resource-policy': 'same-origin',
      });
    }
  });

  it('name no framework, server or version', async () => {
    for (const res of [
      await service.api.get('/api/tags').expect(200),
      await service.api.get('/api/nothing-here').expect(404),
      await raw().get('/docs/').expect(200),
    ]) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.server).toBeUndefined();
      expect(JSON.stringify(res.headers)).not.toMatch(/fastify|node\.?js|express/i);
    }
  });

  it('let the docs page load its own scripts and styles, and nothing from elsewhere', async () => {
    const page = await raw().get('/docs/').expect(200);
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/https:|\*|unsafe-eval/);
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin for the API’s methods and headers', async () => {
    const res = await preflight(
      service.app.server,
      '/api/articles',
      ALLOWED,
      'authorization, content-type',
    ).expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PUT, DELETE');
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(res.headers['access-control-allow-headers']).toMatch(/Content-Type/);
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('allows the request headers the spec declares (Idempotency-Key) in a preflight', async () => {
    const headers = 'authorization, content-type, idempotency-key';
    const res = await preflight(service.app.server, '/api/articles', ALLOWED, headers).expect(204);
    expect(allowedHeaders(res)).toEqual(
      expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key']),
    );
  });

  it('lets an allowed origin read answers, errors included', async () => {
    const ok = await service.api.get('/api/user').set(auth(user)).set('Origin', ALLOWED);
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
    const refused = await service.api.get('/api/user').set('Origin', 'http://localhost:5173');
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(refused.headers['access-control-expose-headers']).toBe(
      'ETag, Retry-After, WWW-Authenticate, X-Request-Id',
    );
    // A page revalidates with the tag, and sends it back in If-Match: both cross the origin.
    expect(ok.headers['vary']).toMatch(/Origin/);
    expect(ok.headers['vary']).toMatch(/Authorization/);
    const preflight = await raw()
      .options('/api/articles/some-slug')
      .set('Origin', ALLOWED)
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'if-match, if-none-match, authorization');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/If-Match/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/If-None-Match/);
  });

  it('gives any other origin no CORS header, preflight or not', async () => {
    const preflight = await raw()
      .options('/api/articles')
      .set('Origin', OTHER)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(corsHeaders(preflight.headers)).toEqual([]);
    // Not a preflight it answers: the usual problem for a method the path does not serve.
    expect(preflight.status).toBe(405);
    expect(preflight.headers['content-type']).toMatch(/^application\/problem\+json/);
    const read = await service.api.get('/api/tags').set('Origin', OTHER).expect(200);
    expect(corsHeaders(read.headers)).toEqual([]);
    // Origins match exactly: no prefix, suffix, scheme or port variant.
    for (const near of [`${ALLOWED}.evil.net`, 'http://app.example.com', `${ALLOWED}:8443`]) {
      const res = await service.api.get('/api/tags').set('Origin', near).expect(200);
      expect(corsHeaders(res.headers)).toEqual([]);
    }
  });

  it('keeps 405 with Allow for an OPTIONS that is not a preflight', async () => {
    const plain = await service.api.options('/api/articles/feed').expect(405);
    expect(plain.headers.allow).toBe('GET, HEAD');
    expect(plain.body.type).toBe('/problems/method-not-allowed');
    const noMethod = await service.api.options('/api/user').set('Origin', ALLOWED).expect(405);
    expect(noMethod.headers.allow).toBe('GET, HEAD, PUT');
    expect(noMethod.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('is closed to every origin when CORS_ORIGINS is empty', async () => {
    const closed = await startService({ CORS_ORIGINS: '' });
    try {
      const preflight = await supertest(closed.app.server)
        .options('/api/tags')
        .set('Origin', ALLOWED)
        .set('Access-Control-Request-Method', 'GET')
        .expect(405);
      expect(corsHeaders(preflight.headers)).toEqual([]);
      const read = await closed.api.get('/api/tags').set('Origin', ALLOWED).expect(200);
      expect(corsHeaders(read.headers)).toEqual([]);
    } finally {
      await closed.close();
    }
  });

  it('still carries CORS headers on a 429, so the page can read Retry-After', async () => {
    const limited = await startService({ CORS_ORIGINS: ALLOWED, RATE_LIMIT_MAX: '1' });
    try {
      await limited.api.get('/api/tags').set('Origin', ALLOWED).expect(200);
      const res = await limited.api.get('/api/tags').set('Origin', ALLOWED).expect(429);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers['access-control-expose-headers']).toMatch(/Retry-After/);
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    } finally {
      await limited.close();
    }
  });
});
