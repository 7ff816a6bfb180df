import { startRun } from './coverage.ts';
import { preparePostgresTemplate } from './database-template.ts';
import { ensureSnapshot } from './database-snapshot.ts';

export default async function globalSetup(): Promise<void> {
  startRun();
  await ensureSnapshot();
  const backend = process.env.TEST_DATABASE_URL;
  if (backend && /^postgres(ql)?:/.test(backend)) await preparePostgresTemplate(backend);
}
