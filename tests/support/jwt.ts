// Hand-built JSON Web Tokens for attacks a real client could make: expired, re-signed with
// another secret, `alg: none`, another algorithm, altered claims.
import { createHmac } from 'node:crypto';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function craftToken(options: {
  secret: string;
  claims: Record<string, unknown>;
  alg?: string;
  hmac?: 'sha256' | 'sha512';
}): string {
  const alg = options.alg ?? 'HS256';
  const head = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(options.claims))}`;
  if (alg === 'none') return `${head}.`;
  const signature = createHmac(options.hmac ?? 'sha256', options.secret)
    .update(head)
    .digest();
  return `${head}.${b64url(signature)}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function subjectOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub;
}
