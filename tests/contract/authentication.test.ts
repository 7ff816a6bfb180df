// Tokens: every way a token can be missing, malformed, forged or stale answers 401.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, TEST_JWT_SECRET, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import { craftToken, nowSeconds, subjectOf } from '../support/jwt.js';

let service: TestService;
let user: TestUser;
beforeAll(async () => {
  service = await startService();
  user = await registerUser(service.api);
});
afterAll(async () => {
  await service.close();
});

const claimsFor = (token: string, extra: Record<string, unknown> = {}) => ({
  sub: subjectOf(token),
  iat: nowSeconds(),
  exp: nowSeconds() + 3600,
  ...extra,
});

async function expectUnauthorized(header: string | undefined, reason: string) {
  const request = service.api.get('/api/user');
  if (header !== undefined) request.set('Authorization', header);
  const res = await request.expect(401);
  expect(res.headers['www-authenticate']).toBe('Token realm="conduit"');
  expect(res.body).toMatchObject({
    type: '/problems/unauthorized',
    status: 401,
    errors: { token: [reason] },
  });
}

describe('authentication', () => {
  it('accepts a token it signed', async () => {
    const token = craftToken({ secret: TEST_JWT_SECRET, claims: claimsFor(user.token) });
    await service.api.get('/api/user').set('Authorization', `Token ${token}`).expect(200);
  });

  it('answers 401 when the header is missing or empty', async () => {
    await expectUnauthorized(undefined, 'is missing');
    await expectUnauthorized('', 'is missing');
  });

  it('answers 401 for a header that is not "Token <jwt>" or "Bearer <jwt>"', async () => {
    await expectUnauthorized(user.token, 'is invalid');
    await expectUnauthorized('Token', 'is invalid');
    await expectUnauthorized(`Basic ${user.token}`, 'is invalid');
    await expectUnauthorized(`Token ${user.token} extra`, 'is invalid');
    await expectUnauthorized('Token not.a.jwt', 'is invalid');
  });

  it('answers 401 for a tampered token', async () => {
    const [head, payload, signature] = user.token.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        sub: '999999',
      }),
    ).toString('base64url');
    await expectUnauthorized(`Token ${head}.${forged}.${signature}`, 'is invalid');
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    await expectUnauthorized(`Token ${head}.${payload}.${flipped}`, 'is invalid');
  });

  it('answers 401 for an expired token', async () => {
    const token = craftToken({
      secret: TEST_JWT_SECRET,
      claims: claimsFor(user.token, { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }),
    });
    await expectUnauthorized(`Token ${token}`, 'has expired');
  });

  it('answers 401 for a token signed with another secret', async () => {
    const token = craftToken({
      secret: 'another-secret-of-sufficient-length!!',
      claims: claimsFor(user.token),
    });
    await expectUnauthorized(`Token ${token}`, 'is invalid');
  });

  it('answers 401 for alg "none" and for other algorithms', async () => {
    const claims = claimsFor(user.token);
    await expectUnauthorized(
      `Token ${craftToken({ secret: '', claims, alg: 'none' })}`,
      'is invalid',
    );
    const hs512 = craftToken({ secret: TEST_JWT_SECRET, claims, alg: 'HS512' });
    await expectUnauthorized(`Token ${hs512}`, 'is invalid');
    // RS256 header but an HMAC signature made with the secret: the algorithm-confusion attack.
    const confused = craftToken({ secret: TEST_JWT_SECRET, claims, alg: 'RS256' });
    await expectUnauthorized(`Token ${confused}`, 'is invalid');
  });

  it('answers 401 for claims that name no account', async () => {
    for (const sub of ['999999999', 'abc', '-1', '1.5']) {
      const token = craftToken({ secret: TEST_JWT_SECRET, claims: claimsFor(user.token, { sub }) });
      await expectUnauthorized(`Token ${token}`, 'is invalid');
    }
    const noExpiry = craftToken({
      secret: TEST_JWT_SECRET,
      claims: { sub: subjectOf(user.token), iat: nowSeconds() },
    });
    await expectUnauthorized(`Token ${noExpiry}`, 'is invalid');
  });

  it('answers 401 on PUT /api/user before looking at the body', async () => {
    const noToken = await service.api
      .put('/api/user')
      .set('Content-Type', 'application/json')
      .send('{"user": ')
      .expect(401);
    expect(noToken.body.errors).toEqual({ token: ['is missing'] });
    await service.api.put('/api/user').send({ user: {} }).expect(401);
    await service.api.put('/api/user').set('Content-Type', 'text/plain').send('hello').expect(401);
    await service.api
      .put('/api/user')
      .set('Authorization', 'Token bad')
      .send({ user: { email: 'not-an-email' } })
      .expect(401);
  });

  it('issues tokens that expire after the configured lifetime', async () => {
    const shortLived = await startService({ JWT_TTL_SECONDS: '1' });
    try {
      const fresh = await registerUser(shortLived.api);
      await shortLived.api.get('/api/user').set(auth(fresh)).expect(200);
      const claims = JSON.parse(Buffer.from(fresh.token.split('.')[1]!, 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(1);
    } finally {
      await shortLived.close();
    }
  });
});
