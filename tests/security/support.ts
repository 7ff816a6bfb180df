// Helpers for the security suite: snapshots of everything stored (to prove a refused request
// changed nothing), problem assertions, and a walk over the bundled spec's operations,
// parameters and request bodies so that operations added to the spec are attacked without
// editing these tests. Hand-made tokens come from ../support/jwt.ts.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import type { CommentPosition, CommentRecord } from '../../src/conduit/models/comments.js';
import type { Database } from '../../src/conduit/models/database.js';
import { describeBody, expectProblem } from '../support/problems.js';

export { describeBody };
import { deref, loadSpec, operationsOf, type Json, type SpecOperation } from '../harness/spec.js';

// ---------------------------------------------------------------------------------------------
// Problems

/** 401 with the Unauthorized problem and the scheme in WWW-Authenticate. */
export function expectUnauthorized(res: Response, reason?: string): void {
  expectProblem(res, 401, { type: '/problems/unauthorized' });
  expect(res.headers['www-authenticate']).toBe('Token realm="conduit"');
  if (reason !== undefined) expect(res.body.errors).toEqual({ token: [reason] });
}

// ---------------------------------------------------------------------------------------------
// Stored state

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

export interface StoredState {
  users: unknown[];
  articles: unknown[];
  follows?: string[];
  auditEventsCount?: number;
}

/**
 * Everything the repositories hold about accounts and content, removed articles and comments
 * included, in a form `toEqual` can compare: accounts (with password hash and role), articles
 * (with body, tags, favorites count, removal), their comments, and optionally follows and the
 * size of the audit log.
 */
export async function storedState(
  database: Database,
  options: { follows?: boolean; audit?: boolean } = {},
): Promise<StoredState> {
  const users = [];
  for (let offset = 0; ; offset += 100) {
    const page = await database.users.list({ limit: 100, offset });
    users.push(...page.users);
    if (page.users.length === 0 || users.length >= page.usersCount) break;
  }
  const summaries = [];
  for (let offset = 0; ; offset += 100) {
    const page = await database.articles.list({}, { limit: 100, offset }, undefined, {
      includeRemoved: true,
    });
    summaries.push(...page.articles);
    if (page.articles.length === 0 || summaries.length >= page.articlesCount) break;
  }
  const articles = [];
  for (const summary of summaries) {
    const article = await database.articles.findBySlug(summary.slug, undefined, {
      includeRemoved: true,
    });
    const comments: CommentRecord[] = [];
    for (let before: CommentPosition | undefined; ;) {
      const page = await database.comments.pageForArticle(
        summary.id,
        { limit: 100, ...(before && { before }) },
        undefined,
        { includeRemoved: true },
      );
      comments.push(...page);
      before = page.at(-1);
      if (page.length < 100) break;
    }
    articles.push({
      id: summary.id,
      slug: summary.slug,
      title: article?.title,
      description: article?.description,
      body: article?.body,
      tagList: article?.tagList,
      favoritesCount: article?.favoritesCount,
      author: article?.author.username,
      createdAt: iso(article?.createdAt),
      updatedAt: iso(article?.updatedAt),
      removedAt: iso(article?.removedAt),
      comments: comments.map((comment) => ({
        id: comment.id,
        body: comment.body,
        author: comment.author.username,
        updatedAt: iso(comment.updatedAt),
        removedAt: iso(comment.removedAt),
      })),
    });
  }
  const state: StoredState = {
    users: users.map((user) => ({
      id: user.id,
      email: user.email,
      username: user.username,
      passwordHash: user.passwordHash,
      role: user.role,
      bio: user.bio,
      image: user.image,
      updatedAt: iso(user.updatedAt),
    })),
    articles,
  };
  if (options.follows) {
    state.follows = [];
    for (const follower of users) {
      for (const followed of users) {
        const profile = await database.profiles.findByUsername(followed.username, follower.id);
        if (profile?.following) state.follows.push(`${follower.username} -> ${followed.username}`);
      }
    }
  }
  if (options.audit) {
    state.auditEventsCount = (await database.audit.list({ limit: 1, offset: 0 })).eventsCount;
  }
  return state;
}

/** Runs `attack` and fails when anything stored differs afterwards. */
export async function expectNothingStored(
  database: Database,
  attack: () => Promise<unknown>,
  options: { follows?: boolean; audit?: boolean } = {},
): Promise<void> {
  const before = await storedState(database, options);
  await attack();
  expect(await storedState(database, options)).toEqual(before);
}

export async function roleOf(database: Database, username: string): Promise<string | undefined> {
  const record = await database.users.findByUsername(username);
  return record && (await database.users.findRole(record.id));
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------------------
// The spec

export const spec = loadSpec();
export const specOperations = operationsOf(spec);

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema: Json;
  example: unknown;
}

export function parametersOf(operation: SpecOperation): SpecParameter[] {
  return ((operation.operation.parameters ?? []) as Json[]).map(
    (raw) => deref(spec, raw, operation.pointer).value as unknown as SpecParameter,
  );
}

/** The roles (scopes of the Token scheme) an operation needs; [] when any user will do. */
export function requiredRoles(operation: SpecOperation): string[] {
  const security = (operation.operation.security ?? spec.security ?? []) as Json[];
  return [...new Set(security.flatMap((requirement) => (requirement.Token as string[]) ?? []))];
}

/** The operation needs a token (no anonymous alternative). */
export function needsToken(operation: SpecOperation): boolean {
  const security = (operation.operation.security ?? spec.security ?? []) as Json[];
  return security.length > 0 && security.every((r) => Object.keys(r).length > 0);
}

/** The operation's URL with `values` for its path parameters (URI-encoded), the spec's example
 * for any other. */
export function urlFor(operation: SpecOperation, values: Record<string, string | number>): string {
  let url = operation.path;
  for (const parameter of parametersOf(operation)) {
    if (parameter.in !== 'path') continue;
    const value = values[parameter.name] ?? parameter.example;
    url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
  }
  return url;
}

/** The JSON request body schema and example of an operation, if it takes one. */
export function requestBodyOf(
  operation: SpecOperation,
): { schema: Json; example: unknown } | undefined {
  if (!operation.operation.requestBody) return undefined;
  const { value: requestBody } = deref(spec, operation.operation.requestBody, operation.pointer);
  const media = (requestBody.content as Json | undefined)?.['application/json'] as Json | undefined;
  if (!media) return undefined;
  const schema = deref(spec, media.schema, operation.pointer).value;
  const examples = media.examples as Record<string, Json> | undefined;
  const example =
    media.example ??
    (examples ? Object.values(examples)[0]?.value : undefined) ??
    (schema.examples as unknown[] | undefined)?.[0] ??
    {};
  return { schema, example };
}

export type FieldPath = (string | number)[];

export interface StringField {
  /** Where the string goes in the body; a number is an array index. */
  path: FieldPath;
  schema: Json;
}

const typesOf = (schema: Json): string[] =>
  Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [String(schema.type)] : [];

/** Every place a JSON string goes in a request body schema, following $refs, objects, arrays
 * and allOf/anyOf/oneOf. */
export function stringFields(schema: Json, path: FieldPath = [], depth = 0): StringField[] {
  if (depth > 20) return [];
  const resolved = deref(spec, schema, '#').value;
  const fields: StringField[] = [];
  if (typesOf(resolved).includes('string')) fields.push({ path, schema: resolved });
  for (const [name, child] of Object.entries((resolved.properties ?? {}) as Record<string, Json>)) {
    fields.push(...stringFields(child, [...path, name], depth + 1));
  }
  if (resolved.items && typeof resolved.items === 'object') {
    fields.push(...stringFields(resolved.items as Json, [...path, 0], depth + 1));
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    for (const part of (resolved[keyword] ?? []) as Json[]) {
      fields.push(...stringFields(part, path, depth + 1));
    }
  }
  return fields;
}

/** Every place a JSON object or array goes in a request body schema, the body itself included. */
export function containerFields(schema: Json, path: FieldPath = [], depth = 0): FieldPath[] {
  if (depth > 20) return [];
  const resolved = deref(spec, schema, '#').value;
  const types = typesOf(resolved);
  const fields: FieldPath[] = [];
  if (types.includes('object') || types.includes('array')) fields.push(path);
  for (const [name, child] of Object.entries((resolved.properties ?? {}) as Record<string, Json>)) {
    fields.push(...containerFields(child, [...path, name], depth + 1));
  }
  if (resolved.items && typeof resolved.items === 'object') {
    fields.push(...containerFields(resolved.items as Json, [...path, 0], depth + 1));
  }
  return fields;
}

export const describePath = (path: FieldPath) =>
  path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('');

/** The field's name as Conduit's `errors` reports it: the last member name on the path. */
export const fieldName = (path: FieldPath) =>
  String([...path].reverse().find((segment) => typeof segment === 'string') ?? 'body');

/** A deep copy of `body` with `value` at `path`, creating objects and arrays on the way. */
export function withValue(body: unknown, path: FieldPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...FieldPath];
  if (typeof head === 'number') {
    const copy = Array.isArray(body) ? [...(body as unknown[])] : [];
    copy[head] = withValue(copy[head], rest, value);
    return copy;
  }
  const copy: Json =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...(body as Json) } : {};
  copy[head] = withValue(copy[head], rest, value);
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP, for what Supertest cannot send (a chunked body of unknown length)

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends `chunks` as a chunked request body (no Content-Length) to a listening server. */
export function sendChunked(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, 'Transfer-Encoding': 'chunked' },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(parts).toString('utf8'),
          }),
        );
      },
    );
    // The server may answer and close before reading everything; its answer still arrives.
    request.on('error', (error) => reject(error));
    (async () => {
      for (const chunk of chunks) {
        if (request.destroyed) return;
        if (!request.write(chunk)) await new Promise((done) => request.once('drain', done));
      }
      request.end();
    })().catch(() => undefined);
  });
}
