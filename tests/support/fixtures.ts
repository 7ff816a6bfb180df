// Test data: unique users per call, registered through the API as a client would.
import type { Database } from '../../src/conduit/models/database.js';
import type { ContractClient } from '../harness/contract.js';

let counter = 0;

export interface TestUser {
  username: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

type Credentials = Omit<TestUser, 'token' | 'refreshToken'>;

export function newUserInput(overrides: Partial<Credentials> = {}) {
  counter += 1;
  const id = `${process.pid}-${Date.now().toString(36)}-${counter}`;
  return {
    username: `user-${id}`,
    email: `user-${id}@example.com`,
    password: 'correct horse battery',
    ...overrides,
  };
}

export async function registerUser(
  api: ContractClient,
  overrides: Partial<Credentials> = {},
): Promise<TestUser> {
  const input = newUserInput(overrides);
  const response = await api.post('/api/users').send({ user: input }).expect(201);
  const { token, refreshToken } = (response.body as { user: TestUser }).user;
  return { ...input, token, refreshToken };
}

/**
 * A registered user made admin the way the first admin is made: directly in the database,
 * outside the API (`make admin`).
 */
export async function registerAdmin(
  api: ContractClient,
  database: Database,
  overrides: Partial<Credentials> = {},
): Promise<TestUser> {
  const user = await registerUser(api, overrides);
  const record = await database.users.findByUsername(user.username);
  if (!record) throw new Error(`${user.username} was not stored`);
  await database.users.setRole(record.id, 'admin');
  return user;
}

export const auth = (user: { token: string }) => ({ Authorization: `Token ${user.token}` });
