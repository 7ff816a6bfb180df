// Text arrives exactly or not at all: a body that is not UTF-8, or that escapes a lone surrogate,
// is refused with 400, and one labelled with another charset with 415, before anything is
// stored; UTF-8 (labelled or not) is taken as sent, astral characters included.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { registerUser, type TestUser } from '../support/fixtures.js';
import { rawRequest } from '../harness/raw-http.js';

let service: TestService;
let jake: TestUser;
let port: number;
beforeAll(async () => {
  service = await startService();
  jake = await registerUser(service.api);
  // Bytes exactly as given go over a plain socket; a client library would re-encode them.
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const address = service.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  port = address.port;
});
afterAll(async () => {
  await service.close();
});

const publish = (bytes: Buffer | string, contentType = 'application/json') =>
  rawRequest(
    port,
    `POST /api/articles HTTP/1.1\r\nAuthorization: Token ${jake.token}\r\nContent-Type: ${contentType}`,
    bytes,
  );

const article = (title: string) =>
  JSON.stringify({ article: { title, description: 'd', body: 'b', tagList: [] } });

async function articlesByJake(): Promise<number> {
  const res = await service.api.get(`/api/articles?author=${jake.username}`).expect(200);
  return res.body.articlesCount as number;
}

describe('request text', () => {
  it('refuses bytes that are not UTF-8 with 400, storing nothing', async () => {
    const before = await articlesByJake();
    const latin1 = Buffer.from(article('caf\u00e9'), 'latin1');
    const res = await publish(latin1);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: '/problems/malformed-request' });
    expect(res.body.detail).toMatch(/UTF-8/);
    expect(await articlesByJake()).toBe(before);
  });

  it('refuses an escaped lone surrogate with 400, in a value or a key', async () => {
    const before = await articlesByJake();
    const value = await publish(article('half \\ud800 a pair').replace('\\\\ud800', '\\ud800'));
    expect(value.status).toBe(400);
    const key = await publish('{"article":{"title":"t","description":"d","body":"b","\\udc00":1}}');
    expect(key.status).toBe(400);
    expect(await articlesByJake()).toBe(before);
  });

  it('refuses a body labelled with another charset with 415', async () => {
    const res = await publish(article('caf\u00e9'), 'application/json; charset=iso-8859-1');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ type: '/problems/unsupported-media-type' });
    expect(res.body.detail).toMatch(/iso-8859-1/);
  });

  it('stores UTF-8 exactly, labelled or not, astral characters and pairs included', async () => {
    const title = `caf\u00e9 \u{1F409} ${Date.now()}`;
    for (const contentType of ['application/json', 'application/json; charset=UTF-8']) {
      const res = await publish(
        Buffer.from(article(`${title} ${contentType}`), 'utf8'),
        contentType,
      );
      expect(res.status).toBe(201);
      expect((res.body.article as { title: string }).title).toBe(`${title} ${contentType}`);
      const read = await service.api
        .get(`/api/articles/${(res.body.article as { slug: string }).slug}`)
        .expect(200);
      expect(read.body.article.title).toBe(`${title} ${contentType}`);
    }
    const escaped = await publish(article('pair \\ud83d\\udc09').replace(/\\\\/g, '\\'));
    expect(escaped.status).toBe(201);
    expect((escaped.body.article as { title: string }).title).toBe('pair \u{1F409}');
  });
});
