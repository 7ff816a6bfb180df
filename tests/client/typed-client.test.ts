// The generated client, used as a frontend would: real HTTP to a listening server, every call
// typed from the spec.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiClient } from '../../generated/client.js';
import { startService, type TestService } from '../support/app.js';
import { newUserInput } from '../support/fixtures.js';

let service: TestService;
let baseUrl: string;
beforeAll(async () => {
  service = await startService();
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await service.close();
});

describe('generated/client.ts', () => {
  it('registers, publishes, lists and reads an article', async () => {
    const anonymous = createApiClient({ baseUrl });
    const registered = await anonymous.POST('/api/users', { body: { user: newUserInput() } });
    expect(registered.response.status).toBe(201);
    const token = registered.data!.user.token;

    const api = createApiClient({ baseUrl, authorization: () => `Token ${token}` });
    const created = await api.POST('/api/articles', {
      body: {
        article: {
          title: 'Typed all the way',
          description: 'From spec',
          body: 'To client',
          tagList: ['typed'],
        },
      },
    });
    expect(created.response.status).toBe(201);
    const slug = created.data!.article.slug;

    const list = await api.GET('/api/articles', { params: { query: { tag: 'typed', limit: 5 } } });
    expect(list.data?.articles.map((article) => article.slug)).toEqual([slug]);
    expect(list.data?.articlesCount).toBe(1);

    const read = await anonymous.GET('/api/articles/{slug}', { params: { path: { slug } } });
    expect(read.data?.article).toMatchObject({ slug, body: 'To client', favorited: false });
  });

  it('surfaces problems as typed errors', async () => {
    const api = createApiClient({ baseUrl });
    const missing = await api.GET('/api/articles/{slug}', {
      params: { path: { slug: 'no-such-article' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.data).toBeUndefined();
    expect(missing.error).toMatchObject({
      type: '/problems/not-found',
      errors: { article: ['not found'] },
    });

    const unauthorized = await api.GET('/api/user');
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error?.errors).toEqual({ token: ['is missing'] });
  });
});
