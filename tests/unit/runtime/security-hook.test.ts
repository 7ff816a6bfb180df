// The security hook built from a spec `security` list: OR across requirements, AND within one,
// `{}` for optional authentication, and an answer that does not depend on the list's order.
import { afterEach, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Principal } from '../../../src/conduit/http/authentication.js';
import { roleRequired, unauthorized } from '../../../src/conduit/http/problem-catalog.js';
import {
  securityHook,
  type Authenticator,
  type SecurityPolicy,
  type SecurityRequirement,
} from '../../../src/runtime/security.js';

// Stand-in schemes reading their own headers ("ok" is a user, "admin" an admin), answered with
// Conduit's problems; the hook is the unit under test.
const scheme =
  (header: string, userId: number): Authenticator<Principal> =>
  async (request) => {
    const value = request.headers[header];
    if (value === undefined) return { failure: 'is missing' };
    if (value === 'expired') return { failure: 'has expired' };
    if (value === 'admin') return { principal: { userId, role: 'admin', token: header } };
    return value === 'ok'
      ? { principal: { userId, role: 'user', token: header } }
      : { failure: 'is invalid' };
  };
const policy: SecurityPolicy<Principal> = {
  authenticators: { A: scheme('x-a', 1), B: scheme('x-b', 2) },
  grants: (principal, roles) => roles.includes(principal.role),
  unauthorized,
  forbidden: roleRequired,
};

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(security: readonly SecurityRequirement[]) {
  app = Fastify();
  app.decorateRequest('principal', undefined);
  const onRequest = securityHook(security, policy);
  app.get('/', { ...(onRequest ? { onRequest } : {}) }, async (request) => ({
    principal: request.principal ?? null,
  }));
  await app.ready();
  return (headers: Record<string, string>) => app!.inject({ method: 'GET', url: '/', headers });
}

describe('securityHook', () => {
  it('is absent for public operations', () => {
    expect(securityHook([], policy)).toBeUndefined();
  });

  it('refuses to build for a scheme it has no authenticator for', () => {
    expect(() => securityHook([{ C: [] }], policy)).toThrow(/security scheme "C"/);
  });

  it('accepts any one alternative (OR)', async () => {
    const call = await serve([{ A: [] }, { B: [] }]);
    expect((await call({ 'x-b': 'ok' })).json()).toEqual({
      principal: { userId: 2, role: 'user', token: 'x-b' },
    });
    expect((await call({ 'x-a': 'ok', 'x-b': 'bad' })).statusCode).toBe(200);
  });

  it('needs every scheme of one requirement (AND)', async () => {
    const call = await serve([{ A: [], B: [] }]);
    expect((await call({ 'x-a': 'ok' })).statusCode).toBe(401);
    expect((await call({ 'x-a': 'ok', 'x-b': 'ok' })).statusCode).toBe(200);
  });

  it('reports the most specific failure whatever the order of alternatives', async () => {
    const orders: SecurityRequirement[][] = [
      [{ A: [] }, { B: [] }],
      [{ B: [] }, { A: [] }],
    ];
    for (const security of orders) {
      const call = await serve(security);
      const invalid = await call({ 'x-b': 'bad' });
      expect(invalid.statusCode).toBe(401);
      expect(invalid.json().errors).toEqual({ token: ['is invalid'] });
      expect(invalid.headers['www-authenticate']).toBe('Token realm="conduit"');
      const expired = await call({ 'x-a': 'bad', 'x-b': 'expired' });
      expect(expired.json().errors).toEqual({ token: ['has expired'] });
      await app!.close();
      app = undefined;
    }
  });

  it('lets anonymous requests through when `{}` is listed, but not bad credentials', async () => {
    const call = await serve([{ A: [] }, {}]);
    expect((await call({})).json()).toEqual({ principal: null });
    expect((await call({ 'x-a': 'ok' })).json()).toEqual({
      principal: { userId: 1, role: 'user', token: 'x-a' },
    });
    expect((await call({ 'x-a': 'bad' })).statusCode).toBe(401);
  });

  it('treats scopes as roles: 403 for a valid user without one, 401 still for bad tokens', async () => {
    const call = await serve([{ A: ['admin'] }]);
    expect((await call({ 'x-a': 'admin' })).json()).toEqual({
      principal: { userId: 1, role: 'admin', token: 'x-a' },
    });
    const user = await call({ 'x-a': 'ok' });
    expect(user.statusCode).toBe(403);
    expect(user.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(user.json()).toMatchObject({
      type: '/problems/forbidden',
      detail: 'This operation needs the admin role.',
    });
    expect((await call({ 'x-a': 'bad' })).statusCode).toBe(401);
    expect((await call({})).statusCode).toBe(401);
  });

  it('admits a user through another alternative that needs no role', async () => {
    const call = await serve([{ A: ['admin'] }, { B: [] }]);
    expect((await call({ 'x-a': 'ok', 'x-b': 'ok' })).json()).toEqual({
      principal: { userId: 2, role: 'user', token: 'x-b' },
    });
    expect((await call({ 'x-a': 'ok' })).statusCode).toBe(403);
  });
});
