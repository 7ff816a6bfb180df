// Registration, login and the current user, through HTTP against the spec.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, newUserInput, registerUser } from '../support/fixtures.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

describe('POST /api/users (register)', () => {
  it('creates the account and logs the user in', async () => {
    const input = newUserInput({ email: 'Mixed.Case@Example.COM' });
    const res = await service.api.post('/api/users').send({ user: input }).expect(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body.user).toEqual({
      email: 'mixed.case@example.com',
      username: input.username,
      bio: null,
      image: null,
      role: 'user',
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    await service.api.get('/api/user').set(auth(res.body.user)).expect(200);
  });

  it('never returns or accepts the password hash', async () => {
    const input = newUserInput();
    const res = await service.api
      .post('/api/users')
      .send({ user: { ...input, passwordHash: 'x', bio: 'sneaky', admin: true } })
      .expect(201);
    expect(res.body.user.bio).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(input.password);
    await service.api
      .post('/api/users/login')
      .send({ user: { email: input.email, password: input.password } })
      .expect(200);
  });

  it('accepts usernames in any script', async () => {
    for (const username of ['José', '山田太郎', 'Ωmega_01', 'dragon🐉']) {
      const res = await service.api
        .post('/api/users')
        .send({ user: newUserInput({ username }) })
        .expect(201);
      expect(res.body.user.username).toBe(username);
    }
  });

  it('answers 409 for a username or email taken ignoring case', async () => {
    const taken = await registerUser(service.api);
    const sameName = await service.api
      .post('/api/users')
      .send({ user: newUserInput({ username: taken.username.toUpperCase() }) })
      .expect(409);
    expect(sameName.body.errors).toEqual({ username: ['has already been taken'] });
    expect(sameName.body.type).toBe('/problems/conflict');

    const sameEmail = await service.api
      .post('/api/users')
      .send({ user: newUserInput({ email: taken.email.toUpperCase() }) })
      .expect(409);
    expect(sameEmail.body.errors).toEqual({ email: ['has already been taken'] });
  });

  it('answers 422 with Conduit messages for missing and blank fields', async () => {
    const missing = await service.api.post('/api/users').send({ user: {} }).expect(422);
    expect(missing.body).toMatchObject({
      type: '/problems/validation-failed',
      status: 422,
      instance: '/api/users',
      errors: {
        username: ["can't be blank"],
        email: ["can't be blank"],
        password: ["can't be blank"],
      },
    });
    const blank = await service.api
      .post('/api/users')
      .send({ user: { username: '', email: '', password: '' } })
      .expect(422);
    expect(blank.body.errors).toEqual({
      username: ["can't be blank"],
      email: ["can't be blank"],
      password: ["can't be blank"],
    });
    const noEnvelope = await service.api.post('/api/users').send({}).expect(422);
    expect(noEnvelope.body.errors).toEqual({ user: ["can't be blank"] });
  });

  it('answers 422 for wrong types, bad formats and limits', async () => {
    const cases: Array<[Record<string, unknown>, Record<string, string[]>]> = [
      [{ username: 123 }, { username: ['must be a string'] }],
      [{ email: 'not-an-email' }, { email: ['is invalid'] }],
      [{ password: 'short' }, { password: ['is too short (minimum is 8 characters)'] }],
      [{ username: 'has space' }, { username: ['is invalid'] }],
      [{ username: 'a/b' }, { username: ['is invalid'] }],
      [{ username: 'x'.repeat(41) }, { username: ['is too long (maximum is 40 characters)'] }],
      [{ password: 'p'.repeat(257) }, { password: ['is too long (maximum is 256 characters)'] }],
      [
        { email: `${'e'.repeat(250)}@example.com` },
        { email: ['is too long (maximum is 254 characters)'] },
      ],
    ];
    for (const [change, errors] of cases) {
      const res = await service.api
        .post('/api/users')
        .send({ user: { ...newUserInput(), ...change } })
        .expect(422);
      expect(res.body.errors).toMatchObject(errors);
    }
    const notAnObject = await service.api.post('/api/users').send({ user: 'jake' }).expect(422);
    expect(notAnObject.body.errors).toEqual({ user: ['must be an object'] });
    const array = await service.api.post('/api/users').send([1, 2]).expect(422);
    expect(array.body.errors).toEqual({ body: ['must be an object'] });
  });
});

describe('POST /api/users/login', () => {
  it('logs in with the email in any case', async () => {
    const user = await registerUser(service.api);
    const res = await service.api
      .post('/api/users/login')
      .send({ user: { email: user.email.toUpperCase(), password: user.password } })
      .expect(200);
    expect(res.body.user.username).toBe(user.username);
    await service.api.get('/api/user').set(auth(res.body.user)).expect(200);
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const user = await registerUser(service.api);
    const wrongPassword = await service.api
      .post('/api/users/login')
      .send({ user: { email: user.email, password: `${user.password}!` } })
      .expect(401);
    const unknownEmail = await service.api
      .post('/api/users/login')
      .send({ user: { email: `nobody-${user.email}`, password: user.password } })
      .expect(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.errors).toEqual({ credentials: ['invalid'] });
  });

  it('does not match a password differing only in case', async () => {
    const user = await registerUser(service.api, { password: 'CaseSensitive1' });
    await service.api
      .post('/api/users/login')
      .send({ user: { email: user.email, password: 'casesensitive1' } })
      .expect(401);
  });

  it('answers 422 for missing credentials', async () => {
    const res = await service.api
      .post('/api/users/login')
      .send({ user: { email: 'a@b.c' } })
      .expect(422);
    expect(res.body.errors).toEqual({ password: ["can't be blank"] });
  });
});

describe('GET /api/user', () => {
  it('returns the current user with the token that was sent', async () => {
    const user = await registerUser(service.api);
    const res = await service.api.get('/api/user').set(auth(user)).expect(200);
    expect(res.body.user).toMatchObject({ username: user.username, token: user.token });
  });

  it('accepts the Bearer scheme too', async () => {
    const user = await registerUser(service.api);
    await service.api.get('/api/user').set('Authorization', `Bearer ${user.token}`).expect(200);
    await service.api.get('/api/user').set('Authorization', `token ${user.token}`).expect(200);
  });
});

describe('PUT /api/user', () => {
  it('changes only the fields sent', async () => {
    const user = await registerUser(service.api);
    const res = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { bio: 'I like to skateboard', image: 'https://example.com/me.png' } })
      .expect(200);
    expect(res.body.user).toMatchObject({
      username: user.username,
      email: user.email,
      bio: 'I like to skateboard',
      image: 'https://example.com/me.png',
    });
    const cleared = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { bio: null, image: '' } })
      .expect(200);
    expect(cleared.body.user).toMatchObject({ bio: null, image: null });
  });

  it('changes email, username and password', async () => {
    const user = await registerUser(service.api);
    const next = newUserInput({ password: 'a brand new password' });
    const res = await service.api.put('/api/user').set(auth(user)).send({ user: next }).expect(200);
    expect(res.body.user).toMatchObject({ username: next.username, email: next.email });
    await service.api
      .post('/api/users/login')
      .send({ user: { email: next.email, password: next.password } })
      .expect(200);
    await service.api
      .post('/api/users/login')
      .send({ user: { email: next.email, password: user.password } })
      .expect(401);
    // The old token stays valid: it names the account, not its email.
    await service.api.get('/api/user').set(auth(user)).expect(200);
  });

  it('keeps a very long bio and unicode intact', async () => {
    const user = await registerUser(service.api);
    const bio = `Ünïcödé ✓ 漢字 🐉 "quotes" \\ \n${'x'.repeat(1900)}`;
    await service.api.put('/api/user').set(auth(user)).send({ user: { bio } }).expect(200);
    const res = await service.api.get('/api/user').set(auth(user)).expect(200);
    expect(res.body.user.bio).toBe(bio);
    const tooLong = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { bio: 'x'.repeat(2001) } })
      .expect(422);
    expect(tooLong.body.errors).toEqual({ bio: ['is too long (maximum is 2000 characters)'] });
  });

  it('answers 409 when the new username or email is taken, and changes nothing', async () => {
    const user = await registerUser(service.api);
    const other = await registerUser(service.api);
    const res = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { username: other.username.toUpperCase(), bio: 'changed' } })
      .expect(409);
    expect(res.body.errors).toEqual({ username: ['has already been taken'] });
    await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { email: other.email } })
      .expect(409);
    const after = await service.api.get('/api/user').set(auth(user)).expect(200);
    expect(after.body.user).toMatchObject({
      username: user.username,
      email: user.email,
      bio: null,
    });
  });

  it('lets a user change the case of their own username', async () => {
    const user = await registerUser(service.api);
    const res = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { username: user.username.toUpperCase() } })
      .expect(200);
    expect(res.body.user.username).toBe(user.username.toUpperCase());
  });

  it('answers 422 when nothing known is changed or a value is invalid', async () => {
    const user = await registerUser(service.api);
    const empty = await service.api.put('/api/user').set(auth(user)).send({ user: {} }).expect(422);
    expect(empty.body.errors).toEqual({
      user: ['must have at least one of email, username, password, bio, image'],
    });
    const unknownOnly = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { token: 'x' } })
      .expect(422);
    expect(unknownOnly.body.errors.user).toHaveLength(1);
    const badEmail = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { email: 'nope' } })
      .expect(422);
    expect(badEmail.body.errors).toEqual({ email: ['is invalid'] });
    const nullName = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { username: null } })
      .expect(422);
    expect(nullName.body.errors).toEqual({ username: ["can't be blank"] });
  });
});
