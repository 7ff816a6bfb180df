// The few Conduit calls the benchmark makes to seed a server and check on it, written against
// the Conduit API itself (envelopes, `Token <jwt>`), so they work on any implementation.

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

/** reply.a.b..., or undefined where a member is missing. */
function member(reply: unknown, ...keys: string[]): unknown {
  let value = reply;
  for (const key of keys) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return value;
}

export class ConduitApi {
  constructor(readonly baseUrl: string) {}

  private async call(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token !== undefined && { authorization: `Token ${token}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok) {
      const hint =
        response.status === 429
          ? ' (the server limits requests: run it with its rate limits off for a benchmark)'
          : '';
      throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}${hint}`);
    }
    return text === '' ? {} : JSON.parse(text);
  }

  private static token(reply: unknown, what: string): string {
    const token = member(reply, 'user', 'token');
    if (typeof token !== 'string') throw new Error(`${what}: no token in the answer`);
    return token;
  }

  async register(user: { username: string; email: string; password: string }): Promise<string> {
    return ConduitApi.token(await this.call('POST', '/api/users', { user }), 'register');
  }

  async logIn(email: string, password: string): Promise<string> {
    const reply = await this.call('POST', '/api/users/login', { user: { email, password } });
    return ConduitApi.token(reply, `login as ${email}`);
  }

  async follow(token: string, username: string): Promise<void> {
    await this.call('POST', `/api/profiles/${encodeURIComponent(username)}/follow`, {}, token);
  }

  async publish(token: string, article: NewArticle): Promise<string> {
    const reply = await this.call('POST', '/api/articles', { article }, token);
    const slug = member(reply, 'article', 'slug');
    if (typeof slug !== 'string') throw new Error('POST /api/articles: no slug in the answer');
    return slug;
  }

  async favorite(token: string, slug: string): Promise<void> {
    await this.call('POST', `/api/articles/${encodeURIComponent(slug)}/favorite`, {}, token);
  }

  async comment(token: string, slug: string, body: string): Promise<void> {
    const path = `/api/articles/${encodeURIComponent(slug)}/comments`;
    await this.call('POST', path, { comment: { body } }, token);
  }

  async favoritesCount(slug: string): Promise<number> {
    const reply = await this.call('GET', `/api/articles/${encodeURIComponent(slug)}`);
    return Number(member(reply, 'article', 'favoritesCount') ?? NaN);
  }

  async articlesCount(): Promise<number> {
    return Number(member(await this.call('GET', '/api/articles?limit=1'), 'articlesCount') ?? NaN);
  }
}

/** `work` on every item, at most `limit` at a time; results in item order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
