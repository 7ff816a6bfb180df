// The published contract: the bundled spec at /openapi.json and /openapi.yaml, and interactive
// docs at /docs (Swagger UI served from the npm package's own assets, no CDN).
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';

export async function registerDocs(app: FastifyInstance, specification: object): Promise<void> {
  // Serialised once: the document never changes while the process runs.
  const json = JSON.stringify(specification);
  const yaml = stringify(specification);
  app.get('/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(json),
  );
  app.get('/openapi.yaml', async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(yaml),
  );

  await app.register(fastifySwagger, {
    mode: 'static',
    specification: { document: specification as never },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
}
