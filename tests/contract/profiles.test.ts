// Profiles and following, through HTTP against the spec.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import {
  expectInvalidTokenRefused,
  expectTokenRequired,
  follow,
  profileUrl,
  uniqueId,
} from './content-fixtures.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let jake: TestUser;
let bob: TestUser;
let carol: TestUser;
beforeAll(async () => {
  service = await startService();
  jake = await registerUser(service.api);
  bob = await registerUser(service.api);
  carol = await registerUser(service.api);
});
afterAll(async () => {
  await service.close();
});

describe('GET /api/profiles/{username}', () => {
  it('returns the public profile, with bio and image null when unset', async () => {
    const res = await service.api.get(profileUrl(jake.username)).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({
      profile: { username: jake.username, bio: null, image: null, following: false },
    });
  });

  it('shows the bio and image the user set, and nothing private', async () => {
    const user = await registerUser(service.api);
    await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ user: { bio: 'I work at statefarm', image: 'https://example.com/jake.jpg' } })
      .expect(200);
    const res = await service.api.get(profileUrl(user.username)).set(auth(bob)).expect(200);
    expect(res.body.profile).toEqual({
      username: user.username,
      bio: 'I work at statefarm',
      image: 'https://example.com/jake.jpg',
      following: false,
    });
    expect(JSON.stringify(res.body)).not.toContain(user.email);
  });

  it('matches the username ignoring case and answers with its registered spelling', async () => {
    for (const spelling of [jake.username.toUpperCase(), `User-${jake.username.slice(5)}`]) {
      const res = await service.api.get(profileUrl(spelling)).expect(200);
      expect(res.body.profile.username).toBe(jake.username);
    }
  });

  it('finds usernames in any script, ignoring case', async () => {
    const id = uniqueId().replace(/-/g, '');
    const user = await registerUser(service.api, { username: `Ωmega_Ünï_${id}`.slice(0, 40) });
    for (const spelling of [
      user.username,
      user.username.toLowerCase(),
      user.username.toUpperCase(),
    ]) {
      const res = await service.api.get(profileUrl(spelling)).expect(200);
      expect(res.body.profile.username).toBe(user.username);
    }
  });

  it('tells each caller whether they follow the user', async () => {
    const star = await registerUser(service.api);
    await follow(service.api, bob, star.username);

    const asBob = await service.api.get(profileUrl(star.username)).set(auth(bob)).expect(200);
    expect(asBob.body.profile.following).toBe(true);
    const asCarol = await service.api.get(profileUrl(star.username)).set(auth(carol)).expect(200);
    expect(asCarol.body.profile.following).toBe(false);
    const anonymous = await service.api.get(profileUrl(star.username)).expect(200);
    expect(anonymous.body.profile.following).toBe(false);
    const self = await service.api.get(profileUrl(star.username)).set(auth(star)).expect(200);
    expect(self.body.profile.following).toBe(false);
    // Following is one-way.
    const back = await service.api.get(profileUrl(bob.username)).set(auth(star)).expect(200);
    expect(back.body.profile.following).toBe(false);
  });

  it('answers 404 for an unknown username', async () => {
    for (const username of [`nobody-${uniqueId()}`, 'ünknown-名前']) {
      const res = await service.api.get(profileUrl(username)).expect(404);
      expectProblem(res, 404, { errors: { profile: ['not found'] } });
      expect(res.body.instance).toBe(profileUrl(username));
    }
  });

  it('answers 404 when the username matches only a prefix or has extra characters', async () => {
    await service.api.get(profileUrl(jake.username.slice(0, -1))).expect(404);
    await service.api.get(profileUrl(`${jake.username}x`)).expect(404);
    await service.api.get(profileUrl(`${jake.username}%`)).expect(404);
  });

  it('answers 401 for a token that is sent but not valid', async () => {
    await expectInvalidTokenRefused(() => service.api.get(profileUrl(jake.username)));
  });
});

describe('POST /api/profiles/{username}/follow', () => {
  it('follows the user and returns the profile with following true', async () => {
    const star = await registerUser(service.api);
    const res = await service.api
      .post(profileUrl(star.username, '/follow'))
      .set(auth(bob))
      .expect(200);
    expect(res.body).toEqual({
      profile: { username: star.username, bio: null, image: null, following: true },
    });
    const after = await service.api.get(profileUrl(star.username)).set(auth(bob)).expect(200);
    expect(after.body.profile.following).toBe(true);
  });

  it('is idempotent', async () => {
    const star = await registerUser(service.api);
    for (let i = 0; i < 3; i += 1) {
      const res = await service.api
        .post(profileUrl(star.username, '/follow'))
        .set(auth(carol))
        .expect(200);
      expect(res.body.profile.following).toBe(true);
    }
    await Promise.all(
      Array.from({ length: 5 }, () =>
        service.api.post(profileUrl(star.username, '/follow')).set(auth(carol)).expect(200),
      ),
    );
    // Still one follow: a single unfollow ends it.
    await service.api.delete(profileUrl(star.username, '/follow')).set(auth(carol)).expect(200);
    const after = await service.api.get(profileUrl(star.username)).set(auth(carol)).expect(200);
    expect(after.body.profile.following).toBe(false);
  });

  it('matches the username ignoring case', async () => {
    const star = await registerUser(service.api);
    const res = await service.api
      .post(profileUrl(star.username.toUpperCase(), '/follow'))
      .set(auth(bob))
      .expect(200);
    expect(res.body.profile).toMatchObject({ username: star.username, following: true });
  });

  it('accepts and ignores any body', async () => {
    const star = await registerUser(service.api);
    const sends = [
      () => service.api.post(profileUrl(star.username, '/follow')),
      () => service.api.post(profileUrl(star.username, '/follow')).send({}),
      () =>
        service.api
          .post(profileUrl(star.username, '/follow'))
          .set('Content-Type', 'application/json')
          .send(''),
      () =>
        service.api
          .post(profileUrl(star.username, '/follow'))
          .send({ profile: { following: false, username: 'someone-else' } }),
    ];
    for (const send of sends) {
      const res = await send().set(auth(carol)).expect(200);
      expect(res.body.profile).toMatchObject({ username: star.username, following: true });
    }
  });

  it('answers 422 to users following themselves, in any case', async () => {
    for (const username of [jake.username, jake.username.toUpperCase()]) {
      const res = await service.api
        .post(profileUrl(username, '/follow'))
        .set(auth(jake))
        .expect(422);
      expectProblem(res, 422, { errors: { profile: ["can't follow yourself"] } });
    }
    const self = await service.api.get(profileUrl(jake.username)).set(auth(jake)).expect(200);
    expect(self.body.profile.following).toBe(false);
  });

  it('answers 404 for an unknown username', async () => {
    const res = await service.api
      .post(profileUrl(`nobody-${uniqueId()}`, '/follow'))
      .set(auth(bob))
      .expect(404);
    expectProblem(res, 404, { errors: { profile: ['not found'] } });
  });

  it('answers 401 without a valid token', async () => {
    await expectTokenRequired(() => service.api.post(profileUrl(jake.username, '/follow')));
    // Authentication comes first, even for an unknown user.
    await service.api.post(profileUrl(`nobody-${uniqueId()}`, '/follow')).expect(401);
  });
});

describe('DELETE /api/profiles/{username}/follow', () => {
  it('stops following and returns the profile with following false', async () => {
    const star = await registerUser(service.api);
    await follow(service.api, bob, star.username);
    const res = await service.api
      .delete(profileUrl(star.username, '/follow'))
      .set(auth(bob))
      .expect(200);
    expect(res.body).toEqual({
      profile: { username: star.username, bio: null, image: null, following: false },
    });
    const after = await service.api.get(profileUrl(star.username)).set(auth(bob)).expect(200);
    expect(after.body.profile.following).toBe(false);
  });

  it("is idempotent and leaves other users' follows alone", async () => {
    const star = await registerUser(service.api);
    await follow(service.api, carol, star.username);
    for (let i = 0; i < 2; i += 1) {
      const res = await service.api
        .delete(profileUrl(star.username.toUpperCase(), '/follow'))
        .set(auth(bob))
        .expect(200);
      expect(res.body.profile).toMatchObject({ username: star.username, following: false });
    }
    const asCarol = await service.api.get(profileUrl(star.username)).set(auth(carol)).expect(200);
    expect(asCarol.body.profile.following).toBe(true);
  });

  it('accepts and ignores a body', async () => {
    const star = await registerUser(service.api);
    await follow(service.api, bob, star.username);
    const res = await service.api
      .delete(profileUrl(star.username, '/follow'))
      .set(auth(bob))
      .send({})
      .expect(200);
    expect(res.body.profile.following).toBe(false);
  });

  it('answers 404 for an unknown username', async () => {
    const res = await service.api
      .delete(profileUrl(`nobody-${uniqueId()}`, '/follow'))
      .set(auth(bob))
      .expect(404);
    expectProblem(res, 404, { errors: { profile: ['not found'] } });
  });

  it('answers 401 without a valid token', async () => {
    await expectTokenRequired(() => service.api.delete(profileUrl(jake.username, '/follow')));
  });
});
