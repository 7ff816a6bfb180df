// The backend registry: each URL form picks its backend's descriptor, an unsupported URL is
// refused naming every accepted form, and no backend's URL shows its password.
import { describe, expect, it } from '@jest/globals';
import {
  BACKENDS,
  backendFor,
  openDatabase,
  redactDatabaseUrl,
} from '../../../src/conduit/models/backends.js';

describe('the backend registry', () => {
  it.each([
    ['postgresql://u:p@127.0.0.1:5432/conduit', 'postgresql'],
    ['postgres://127.0.0.1/conduit', 'postgresql'],
    ['embedded:.data/postgres', 'embedded'],
    ['EMBEDDED:/tmp/x', 'embedded'],
    ['pglite:.data/x', 'embedded'],
    ['mongodb://127.0.0.1:27018/conduit', 'mongodb'],
    ['mongodb+srv://cluster.example.net/app', 'mongodb'],
    ['mysql://u:p@127.0.0.1:3306/conduit', 'mysql'],
    ['mariadb://127.0.0.1/conduit', 'mysql'],
  ])('picks the backend of %s', (url, name) => {
    expect(backendFor(url).name).toBe(name);
    expect(BACKENDS.filter((backend) => backend.accepts(url))).toHaveLength(1);
  });

  it.each(['sqlserver://me:s3cret@h/db', 'mongo://h/db', 'conduit.db', ''])(
    'refuses %p, naming every accepted form and no password',
    async (url) => {
      const forms = BACKENDS.flatMap((backend) => backend.urlForms);
      expect(forms.length).toBeGreaterThanOrEqual(7);
      for (const attempt of [() => backendFor(url), () => openDatabase(url)]) {
        let message = '';
        try {
          await attempt();
        } catch (error) {
          message = (error as Error).message;
        }
        for (const form of forms) expect(message).toContain(form);
        expect(message).not.toContain('s3cret');
      }
    },
  );

  it.each([
    [
      'postgresql://conduit:s3cret@db.internal:5432/conduit',
      'postgresql://conduit:***@db.internal:5432/conduit',
    ],
    [
      'mongodb://app:s3cret@h1:1,h2:2/app?replicaSet=rs0',
      'mongodb://app:***@h1:1,h2:2/app?replicaSet=rs0',
    ],
    ['mysql://root:s3cret@127.0.0.1/conduit', 'mysql://root:***@127.0.0.1/conduit'],
    ['mariadb://root:s3cret@127.0.0.1/conduit', 'mariadb://root:***@127.0.0.1/conduit'],
    ['embedded:.data/postgres', 'embedded:.data/postgres'],
  ])('shows %s as %s', (url, shown) => {
    expect(redactDatabaseUrl(url)).toBe(shown);
  });

  it('refuses a pglite: URL saying what to write instead', async () => {
    await expect(openDatabase('pglite:.data/old')).rejects.toThrow(/embedded:<directory>/);
  });
});
