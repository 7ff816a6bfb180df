// Hand-built JSON Web Tokens for attacks a real client could make: expired, re-signed with
// another secret or key, `alg: none`, another algorithm, altered claims or header.
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export const encodeSegment = (value: unknown) => b64url(JSON.stringify(value));

export const decodeSegment = (segment: string) =>
  JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;

const HMAC_OF = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

/**
 * A token with `claims`, HMAC-signed with `secret` (any key, a PEM public key included) by the
 * hash `alg` names (SHA-256 for other names); `alg: 'none'` is unsigned. `header` members are
 * added to, or replace, the header's `alg` and `typ`.
 */
export function craftToken(options: {
  secret: string | Buffer;
  claims: Record<string, unknown>;
  alg?: string;
  header?: Record<string, unknown>;
}): string {
  const alg = options.alg ?? 'HS256';
  const head = `${encodeSegment({ alg, typ: 'JWT', ...options.header })}.${encodeSegment(options.claims)}`;
  if (alg === 'none') return `${head}.`;
  const hash = HMAC_OF[alg as keyof typeof HMAC_OF] ?? 'sha256';
  return `${head}.${b64url(createHmac(hash, options.secret).update(head).digest())}`;
}

let rsaKeys: { privateKey: string; publicKey: string } | undefined;

/** A throwaway RSA key pair (PEM), made once per test file. */
export function rsaKeyPair(): { privateKey: string; publicKey: string } {
  rsaKeys ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return rsaKeys;
}

/** A real RS256 token signed with the throwaway private key. */
export function rs256Token(claims: Record<string, unknown>): string {
  const input = `${encodeSegment({ alg: 'RS256', typ: 'JWT' })}.${encodeSegment(claims)}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), rsaKeyPair().privateKey))}`;
}

/** An unsigned token; `alg` spelled as given (none, None, NONE). */
export function unsignedToken(
  claims: Record<string, unknown>,
  alg = 'none',
  trailingDot = true,
): string {
  const token = `${encodeSegment({ alg, typ: 'JWT' })}.${encodeSegment(claims)}`;
  return trailingDot ? `${token}.` : token;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function subjectOf(token: string): string {
  return decodeSegment(token.split('.')[1] ?? '').sub as string;
}
