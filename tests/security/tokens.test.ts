// Access tokens: proves that no forged, altered, expired, unsigned, algorithm-confused or
// malformed credential lets a request write anything. Each bad credential is sent on two write
// operations (PUT /api/user changing bio, POST /api/articles); each must answer 401 with the
// Unauthorized problem, and the stored accounts and articles must be exactly as before.
import { createPublicKey, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, TEST_JWT_SECRET, type TestService } from '../support/app.js';
import { registerUser, type TestUser } from '../support/fixtures.js';
import {
  craftToken,
  decodeSegment,
  encodeSegment,
  nowSeconds,
  rs256Token,
  rsaKeyPair,
  subjectOf,
  unsignedToken,
} from '../support/jwt.js';
import { expectNothingStored, expectUnauthorized } from './support.js';

let service: TestService;
/** The account whose token the attacker starts from. */
let owner: TestUser;
/** Another account, the target of a forged `sub`. */
let victim: TestUser;
beforeAll(async () => {
  service = await startService();
  owner = await registerUser(service.api);
  victim = await registerUser(service.api);
});
afterAll(async () => {
  await service.close();
});

/** Valid claims for `user` (as the server would issue them), with `extra` merged in. */
const claimsOf = (user: TestUser, extra: Record<string, unknown> = {}) => ({
  sub: subjectOf(user.token),
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
  ...extra,
});

const withoutKeys = (claims: Record<string, unknown>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => !keys.includes(key)));

const parts = (token: string) => token.split('.') as [string, string, string];

/** Changes one character in the middle of a base64url segment (never a padding bit). */
const flipMiddle = (segment: string) => {
  const at = Math.floor(segment.length / 2);
  return segment.slice(0, at) + (segment[at] === 'A' ? 'B' : 'A') + segment.slice(at + 1);
};

interface BadCredential {
  name: string;
  header: () => string;
  /** The `errors.token` message, when the spec's wording fixes it. */
  reason?: string;
}

const forgedTokens: BadCredential[] = [
  {
    name: 'payload changed to another user (sub), signature kept',
    header: () => {
      const [head, payload, signature] = parts(owner.token);
      const claims = { ...decodeSegment(payload), sub: subjectOf(victim.token) };
      return `Token ${head}.${encodeSegment(claims)}.${signature}`;
    },
    reason: 'is invalid',
  },
  {
    name: 'payload changed to a later expiry, signature kept',
    header: () => {
      const [head, payload, signature] = parts(owner.token);
      const claims = { ...decodeSegment(payload), exp: nowSeconds() + 365 * 24 * 3600 };
      return `Token ${head}.${encodeSegment(claims)}.${signature}`;
    },
    reason: 'is invalid',
  },
  {
    name: 'signature with one character changed',
    header: () => {
      const [head, payload, signature] = parts(owner.token);
      return `Token ${head}.${payload}.${flipMiddle(signature)}`;
    },
    reason: 'is invalid',
  },
  {
    name: 'signature removed (trailing dot kept)',
    header: () => {
      const [head, payload] = parts(owner.token);
      return `Token ${head}.${payload}.`;
    },
    reason: 'is invalid',
  },
  {
    name: 'signature truncated',
    header: () => `Token ${owner.token.slice(0, -10)}`,
    reason: 'is invalid',
  },
  {
    name: 'expired (exp five minutes ago), correctly signed',
    header: () =>
      `Token ${craftToken({
        secret: TEST_JWT_SECRET,
        claims: claimsOf(owner, { iat: nowSeconds() - 1200, exp: nowSeconds() - 300 }),
      })}`,
    reason: 'has expired',
  },
  {
    name: 'signed with a wrong secret',
    header: () =>
      `Token ${craftToken({ secret: 'a-wrong-secret-that-is-long-enough-for-hs256', claims: claimsOf(owner) })}`,
    reason: 'is invalid',
  },
  {
    name: 'alg "none", unsigned, with trailing dot',
    header: () => `Token ${unsignedToken(claimsOf(owner), 'none', true)}`,
    reason: 'is invalid',
  },
  {
    name: 'alg "none", unsigned, without trailing dot',
    header: () => `Token ${unsignedToken(claimsOf(owner), 'none', false)}`,
    reason: 'is invalid',
  },
  {
    name: 'alg "NONE", unsigned',
    header: () => `Token ${unsignedToken(claimsOf(owner), 'NONE', true)}`,
    reason: 'is invalid',
  },
  {
    name: 'alg "none" header with the real signature kept',
    header: () => {
      const [, payload, signature] = parts(owner.token);
      return `Token ${encodeSegment({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
    },
    reason: 'is invalid',
  },
  {
    name: 'RS256 signed with a generated RSA private key',
    header: () => `Token ${rs256Token(claimsOf(owner))}`,
    reason: 'is invalid',
  },
  {
    name: 'HS256 whose HMAC key is a PEM public key (RS/HS confusion)',
    header: () =>
      `Token ${craftToken({ secret: rsaKeyPair().publicKey, claims: claimsOf(owner) })}`,
    reason: 'is invalid',
  },
  {
    name: 'RS256 header, HMAC signature keyed with the PEM public key',
    header: () =>
      `Token ${craftToken({ secret: rsaKeyPair().publicKey, claims: claimsOf(owner), header: { alg: 'RS256' } })}`,
    reason: 'is invalid',
  },
  {
    name: 'RS256 header, HMAC signature keyed with the right secret',
    header: () =>
      `Token ${craftToken({ secret: TEST_JWT_SECRET, claims: claimsOf(owner), header: { alg: 'RS256' } })}`,
    reason: 'is invalid',
  },
  {
    name: 'RS256 carrying its own public key (jwk header)',
    header: () => {
      const jwk = createPublicKey(rsaKeyPair().publicKey).export({ format: 'jwk' });
      const input = `${encodeSegment({ alg: 'RS256', typ: 'JWT', jwk })}.${encodeSegment(claimsOf(owner))}`;
      const signature = sign('sha256', Buffer.from(input), rsaKeyPair().privateKey);
      return `Token ${input}.${signature.toString('base64url')}`;
    },
    reason: 'is invalid',
  },
  {
    name: 'HS256 signed with an empty key, kid pointing at /dev/null',
    header: () =>
      `Token ${craftToken({ secret: '', claims: claimsOf(owner), header: { kid: '../../../../dev/null' } })}`,
    reason: 'is invalid',
  },
  {
    name: 'HS256 signed with the secret’s first half',
    header: () =>
      `Token ${craftToken({ secret: TEST_JWT_SECRET.slice(0, TEST_JWT_SECRET.length / 2), claims: claimsOf(owner) })}`,
    reason: 'is invalid',
  },
  {
    name: 'HS384 with the right secret (only HS256 is accepted)',
    header: () =>
      `Token ${craftToken({ secret: TEST_JWT_SECRET, claims: claimsOf(owner), alg: 'HS384' })}`,
    reason: 'is invalid',
  },
  {
    name: 'HS512 with the right secret (only HS256 is accepted)',
    header: () =>
      `Token ${craftToken({ secret: TEST_JWT_SECRET, claims: claimsOf(owner), alg: 'HS512' })}`,
    reason: 'is invalid',
  },
];

/** Correctly signed (right secret, HS256), but the claims do not name a live account. */
const badClaims: BadCredential[] = [
  ['without sub', () => withoutKeys(claimsOf(owner), 'sub')],
  ['without exp', () => withoutKeys(claimsOf(owner), 'exp')],
  ['without sub and exp', () => withoutKeys(claimsOf(owner), 'sub', 'exp')],
  ['sub of a nonexistent user', () => claimsOf(owner, { sub: '999999999' })],
  ['sub "0"', () => claimsOf(owner, { sub: '0' })],
  ['sub "-1"', () => claimsOf(owner, { sub: '-1' })],
  ['sub "1.5"', () => claimsOf(owner, { sub: '1.5' })],
  ['sub larger than any id', () => claimsOf(owner, { sub: '99999999999999999999999' })],
  ['non-numeric sub "abc"', () => claimsOf(owner, { sub: 'abc' })],
  ['empty sub', () => claimsOf(owner, { sub: '' })],
  ['sub with SQL', () => claimsOf(owner, { sub: "1' OR '1'='1" })],
  ['sub as a NoSQL operator object', () => claimsOf(owner, { sub: { $ne: null } })],
  ['sub as an array', () => claimsOf(owner, { sub: [subjectOf(owner.token)] })],
  ['exp as a string', () => claimsOf(owner, { exp: 'never' })],
].map(([name, claims]) => ({
  name: `${name as string}, right secret`,
  header: () =>
    `Token ${craftToken({ secret: TEST_JWT_SECRET, claims: (claims as () => Record<string, unknown>)() })}`,
  reason: 'is invalid',
}));

const malformedHeaders: BadCredential[] = [
  { name: 'empty header', header: () => '', reason: 'is missing' },
  { name: 'blank header', header: () => '   ', reason: 'is missing' },
  { name: 'garbage', header: () => 'garbage', reason: 'is invalid' },
  { name: '"Bearer" only', header: () => 'Bearer', reason: 'is invalid' },
  { name: '"Bearer " with nothing after', header: () => 'Bearer ', reason: 'is invalid' },
  { name: '"Token" only', header: () => 'Token', reason: 'is invalid' },
  { name: '"Token" with a non-JWT', header: () => 'Token abc', reason: 'is invalid' },
  { name: '"Token" with empty segments', header: () => 'Token ..', reason: 'is invalid' },
  { name: '"Token" with 3 junk segments', header: () => 'Token a.b.c', reason: 'is invalid' },
  {
    name: '"Token" with a huge value',
    header: () => `Token ${'x'.repeat(6000)}.${'y'.repeat(6000)}.z`,
    reason: 'is invalid',
  },
  {
    name: 'a JSON payload that is not an object',
    header: () => `Token ${encodeSegment({ alg: 'HS256' })}.${encodeSegment('1')}.abc`,
    reason: 'is invalid',
  },
  { name: 'the JWT without a scheme', header: () => owner.token, reason: 'is invalid' },
  {
    name: 'the JWT in the Basic scheme',
    header: () => `Basic ${owner.token}`,
    reason: 'is invalid',
  },
  { name: 'the JWT in a "JWT" scheme', header: () => `JWT ${owner.token}`, reason: 'is invalid' },
  { name: '"Token:" with a colon', header: () => `Token: ${owner.token}`, reason: 'is invalid' },
  {
    name: 'two tokens in one header',
    header: () => `Token ${owner.token} ${owner.token}`,
    reason: 'is invalid',
  },
  {
    name: 'two schemes in one header',
    header: () => `Token ${owner.token}, Bearer ${owner.token}`,
    reason: 'is invalid',
  },
];

/** Sends `header` on both write operations; both must be refused and change nothing. */
async function expectRefusedWrites(header: string, reason: string | undefined) {
  await expectNothingStored(service.database, async () => {
    const update = await service.api
      .put('/api/user')
      .set('Authorization', header)
      .send({ user: { bio: 'written with a forged token' } });
    expectUnauthorized(update, reason);
    const create = await service.api
      .post('/api/articles')
      .set('Authorization', header)
      .send({
        article: { title: 'Forged', description: 'by a bad token', body: 'should not exist' },
      });
    expectUnauthorized(create, reason);
  });
}

describe('a forged or altered token', () => {
  it.each(forgedTokens)('$name: 401, nothing written', async ({ header, reason }) => {
    await expectRefusedWrites(header(), reason);
  });

  it('"None" spelled in mixed case is refused too', async () => {
    await expectRefusedWrites(
      `Token ${unsignedToken(claimsOf(owner), 'None', false)}`,
      'is invalid',
    );
  });
});

describe('a correctly signed token with bad claims', () => {
  it.each(badClaims)('$name: 401, nothing written', async ({ header, reason }) => {
    await expectRefusedWrites(header(), reason);
  });
});

describe('a malformed Authorization header', () => {
  it.each(malformedHeaders)('$name: 401, nothing written', async ({ header, reason }) => {
    await expectRefusedWrites(header(), reason);
  });

  it('a token outside the Authorization header (query, cookie, other header): 401 missing', async () => {
    await expectNothingStored(service.database, async () => {
      const query = await service.api
        .put(`/api/user?token=${owner.token}&access_token=${owner.token}`)
        .send({ user: { bio: 'written with a token in the query' } });
      expectUnauthorized(query, 'is missing');
      const cookie = await service.api
        .post('/api/articles')
        .set('Cookie', `token=${owner.token}; jwt=${owner.token}`)
        .set('X-Access-Token', owner.token)
        .send({ article: { title: 'Cookie', description: 'token', body: 'should not exist' } });
      expectUnauthorized(cookie, 'is missing');
    });
  });
});

describe('the control case', () => {
  // Shows the refusals above come from the credential alone: the same requests with a token
  // the server signed itself succeed.
  it('a correctly signed, unexpired HS256 token for a live account writes', async () => {
    const token = craftToken({ secret: TEST_JWT_SECRET, claims: claimsOf(owner) });
    const update = await service.api
      .put('/api/user')
      .set('Authorization', `Token ${token}`)
      .send({ user: { bio: 'written with a good token' } })
      .expect(200);
    expect(update.body.user.bio).toBe('written with a good token');
    await service.api
      .post('/api/articles')
      .set('Authorization', `Bearer ${owner.token}`)
      .send({ article: { title: 'Genuine', description: 'by a good token', body: 'exists' } })
      .expect(201);
    const victimNow = await service.database.users.findByUsername(victim.username);
    expect(victimNow?.bio).toBeNull();
  });

  it('the stored-state check used above does see a write', async () => {
    await expect(
      expectNothingStored(service.database, () =>
        service.api
          .put('/api/user')
          .set('Authorization', `Token ${owner.token}`)
          .send({ user: { bio: 'a write the check must notice' } })
          .expect(200),
      ),
    ).rejects.toThrow();
  });
});
