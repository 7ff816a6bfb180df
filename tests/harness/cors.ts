// A browser's CORS preflight, as sent before a cross-origin request with custom headers.
import type { Server } from 'node:http';
import supertest from 'supertest';

export const preflight = (server: Server, url: string, origin: string, headers: string) =>
  supertest(server)
    .options(url)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', headers);

/** The Access-Control-Allow-Headers of an answer, as a list. */
export const allowedHeaders = (res: { headers: Record<string, unknown> }): string[] =>
  String(res.headers['access-control-allow-headers'] ?? '').split(', ');
