// Helpers for the breaking-change tests: a small OpenAPI 3.1 API, edits of it, temp files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits reach anywhere in the tree
export type Doc = Record<string, any>;

const problem = {
  description: 'A problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/** The base API every test edits: articles with a list, create, read and delete. */
export function baseDocument(): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'breaking-change test API', version: '1.0.0' },
    paths: {
      '/api/articles': {
        get: {
          operationId: 'listArticles',
          parameters: [{ name: 'tag', in: 'query', schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Articles',
              content: {
                'application/json': {
                  schema: { type: 'array', items: { $ref: '#/components/schemas/Article' } },
                },
              },
            },
          },
        },
        post: {
          operationId: 'createArticle',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/NewArticle' } },
            },
          },
          responses: {
            '201': {
              description: 'Created',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Article' } },
              },
            },
            '422': problem,
          },
        },
      },
      '/api/articles/{slug}': {
        parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          operationId: 'getArticle',
          responses: {
            '200': {
              description: 'The article',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Article' } },
              },
            },
            '404': problem,
          },
        },
        delete: {
          operationId: 'deleteArticle',
          responses: { '204': { description: 'Deleted' }, '404': problem },
        },
      },
    },
    components: {
      schemas: {
        Article: {
          type: 'object',
          required: ['slug', 'title', 'favoritesCount'],
          properties: {
            slug: { type: 'string' },
            title: { type: 'string' },
            favoritesCount: { type: 'string' },
          },
        },
        NewArticle: {
          type: 'object',
          required: ['title'],
          properties: {
            title: { type: 'string' },
            body: { type: 'string' },
            visibility: { type: 'string', enum: ['public', 'unlisted'] },
          },
        },
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
          },
        },
      },
    },
  };
}

/** The base document changed by `edit` (which gets a deep copy). */
export function edited(edit: (doc: Doc) => void): Doc {
  const doc = structuredClone(baseDocument());
  edit(doc);
  return doc;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'breaking-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function writeJson(dir: string, name: string, doc: Doc): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

/** An acceptance file entry as YAML, every field given unless overridden (null drops it). */
export function entryYaml(fields: Record<string, string | null>): string {
  const all: Record<string, string | null> = {
    reason: 'Reviewed: no client uses it.',
    approvedBy: 'Jane Doe (@jane)',
    approvedOn: '2026-05-04',
    ...fields,
  };
  const lines = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `  - ${lines.join('\n    ')}\n`;
}
