// buildApp: the whole service as a Fastify instance, wired from the bundled spec.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { operations } from '../generated/operations.js';
import specification from '../generated/openapi.json' with { type: 'json' };
import { ConfigError, type Config } from './config.js';
import { createHandlers } from './handlers/index.js';
import { tokenAuthenticator } from './http/authentication.js';
import { registerDocs } from './http/docs.js';
import { answerClientError, answerFrameworkError, configureErrors } from './http/errors.js';
import { configureBodyParsing } from './http/request-body.js';
import { registerSpecRoutes } from './http/routes.js';
import { registerTokens } from './http/tokens.js';
import { validatorCompiler } from './http/validation.js';
import { openDatabase, type Database } from './models/database.js';
import { redactDatabaseUrl } from './models/prisma/connect.js';
import { ArticleService } from './services/articles.js';
import { CommentService } from './services/comments.js';
import { ProfileService } from './services/profiles.js';
import { UserService } from './services/users.js';

export interface AppDependencies {
  /** An already-open database; by default the app opens `config.databaseUrl` and closes it. */
  database?: Database;
  /** Where JSON logs go; standard output by default. */
  logStream?: { write(line: string): void };
}

export async function buildApp(
  config: Config,
  dependencies: AppDependencies = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      ...(dependencies.logStream ? { stream: dependencies.logStream } : {}),
    },
    bodyLimit: config.bodyLimitBytes,
    // Errors raised before routing (an undecodable path, an over-long path parameter) and
    // requests the HTTP parser refuses are answered as problems too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Validation and problem messages must not depend on a lenient serializer: bodies go out
    // exactly as handlers build them, and the contract tests hold them to the spec.
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest('principal', undefined);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const database = dependencies.database ?? (await openConfiguredDatabase(config.databaseUrl));
  if (!dependencies.database) app.addHook('onClose', () => database.close());

  const users = new UserService(database.users);
  const articles = new ArticleService(database.articles);
  const services = {
    users,
    profiles: new ProfileService(database.profiles),
    articles,
    comments: new CommentService(database.comments, articles),
    tags: database.tags,
    tokens: await registerTokens(app, config.jwtSecret, config.jwtTtlSeconds),
    databaseAnswers: () => database.ping(),
  };

  configureBodyParsing(app);
  configureErrors(app, Object.values(operations));
  await registerDocs(app, specification);
  await registerSpecRoutes(app, {
    specification,
    operations,
    handlers: createHandlers(services),
    authenticators: { Token: tokenAuthenticator(services.tokens, (id) => users.exists(id)) },
  });
  return app;
}

/** Opens and checks the database, so a bad or unreachable URL stops the start with a clear message. */
async function openConfiguredDatabase(url: string): Promise<Database> {
  let database: Database | undefined;
  try {
    database = await openDatabase(url);
    await database.ping();
    // An in-memory database starts empty every time; nothing else could ever migrate it.
    if (url === 'pglite:memory') await database.migrate();
    return database;
  } catch (error) {
    await database?.close().catch(() => undefined);
    // Driver messages can span lines (Prisma's end with the cause); the last line says it.
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.trim().split('\n').filter(Boolean).at(-1) ?? message;
    throw new ConfigError(`Cannot use the database at ${redactDatabaseUrl(url)}: ${reason}`);
  }
}
