// Test data: unique users per call, registered through the API as a client would.
import type { ContractClient } from './contract.js';

let counter = 0;

export interface TestUser {
  username: string;
  email: string;
  password: string;
  token: string;
}

export function newUserInput(overrides: Partial<Omit<TestUser, 'token'>> = {}) {
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
  overrides: Partial<Omit<TestUser, 'token'>> = {},
): Promise<TestUser> {
  const input = newUserInput(overrides);
  const response = await api.post('/api/users').send({ user: input }).expect(201);
  return { ...input, token: (response.body as { user: { token: string } }).user.token };
}

export const auth = (user: { token: string }) => ({ Authorization: `Token ${user.token}` });
