// The floor: a bare Fastify server with one route that answers every request with bytes
// recorded from the real service (status, content type, body), so a route's req/s can be read
// against what Node and Fastify do on this machine with no work at all. Run by plain `node`
// (type stripping, no loader), as the service runs; configured by the environment; it exits
// when its parent closes stdin, so a killed benchmark leaves no floor behind.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`floor server: ${name} is not set`);
  return value;
};

const body = readFileSync(env('FLOOR_BODY_FILE'));
const status = Number(env('FLOOR_STATUS'));
const contentType = env('FLOOR_CONTENT_TYPE');
const app = Fastify();
app.route({
  method: env('FLOOR_METHOD') as 'GET' | 'POST',
  url: env('FLOOR_PATTERN'),
  handler: (_request, reply) => reply.code(status).type(contentType).send(body),
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
await app.listen({ host: '127.0.0.1', port: Number(env('FLOOR_PORT')) });
process.stdout.write('ready\n');
