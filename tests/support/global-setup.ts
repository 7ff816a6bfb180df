import { resetRecords } from './coverage.ts';
import { ensureSnapshot } from './database-snapshot.ts';

export default async function globalSetup(): Promise<void> {
  resetRecords();
  await ensureSnapshot();
}
