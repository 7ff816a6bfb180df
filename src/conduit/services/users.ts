// Account rules: registration, login, profile changes and roles. Knows nothing of HTTP or
// tokens.
import { NotFoundError, ValidationError } from '../models/domain-errors.js';
import { checkUsername, emptyToNull, normalizeEmail } from '../models/user-rules.js';
import type { Role, UserChanges, UserRecord, UserRepository } from '../models/users.js';
import type { Actor, AuditService } from './audit.js';
import { ExpiringCache } from './expiring-cache.js';
import { LoginGuard } from './login-guard.js';
import { hashPassword, verifyPassword } from './passwords.js';

export interface Registration {
  username: string;
  email: string;
  password: string;
}

export interface LoginContext {
  requestId: string | null;
  /** The address the attempt comes from, as failed-login budgets count it. */
  clientIp: string;
}

export type LoginOutcome =
  | { user: UserRecord }
  | { refused: 'credentials' }
  | { refused: 'too-many-failures'; retryAfterSeconds: number };

export interface AccountChanges {
  email?: string;
  username?: string;
  password?: string;
  bio?: string | null;
  image?: string | null;
}

// A hash to compare against when the email is unknown, so a login for a missing account takes
// as long as one with a wrong password and does not reveal which accounts exist.
const decoyHash = hashPassword('decoy password that matches nothing');

export interface UserServiceOptions {
  /** Failed-login budgets; none: logins are not limited. */
  guard?: LoginGuard;
  /**
   * How long a role read for authentication may be reused (0: read on every request). A change
   * made through this service applies at once here, and within this time elsewhere.
   */
  roleCacheSeconds?: number;
}

// One entry per recently active account; more than this and the oldest is read again.
const ROLE_CACHE_ENTRIES = 50_000;

export class UserService {
  private readonly guard: LoginGuard;
  private readonly roles: ExpiringCache<number, Role | undefined>;

  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    options: UserServiceOptions = {},
  ) {
    this.guard = options.guard ?? new LoginGuard();
    this.roles = new ExpiringCache((options.roleCacheSeconds ?? 0) * 1000, ROLE_CACHE_ENTRIES);
  }

  async register({ username, email, password }: Registration): Promise<UserRecord> {
    checkUsername(username);
    return this.users.create({
      username,
      email: normalizeEmail(email),
      passwordHash: await hashPassword(password),
    });
  }

  /**
   * The account for these credentials, or why there is none: they do not match, or too many
   * logins failed lately for this account or from this address. Successes, failures and
   * lock-outs are audited.
   */
  async login(email: string, password: string, from: LoginContext): Promise<LoginOutcome> {
    const address = normalizeEmail(email);
    const admission = await this.guard.admit(address, from.clientIp);
    if (admission.refused) {
      return { refused: 'too-many-failures', retryAfterSeconds: admission.retryAfterSeconds };
    }
    const user = await this.users.findByEmail(address);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
    if (user && matches) {
      await admission.succeeded();
      const actor = { userId: user.id, username: user.username, requestId: from.requestId };
      await this.audit.record('login.succeeded', actor, target(user));
      return { user };
    }
    const anonymous = { userId: null, requestId: from.requestId };
    await this.audit.record('login.failed', anonymous, `email:${address}`);
    if (admission.locksAccount) {
      const detail = `logins refused for up to ${this.guard.lockoutSeconds} seconds`;
      await this.audit.record('login.locked-out', anonymous, `email:${address}`, detail);
    }
    return { refused: 'credentials' };
  }

  /** The account's role, undefined when it does not exist; cached (see roleCacheSeconds). */
  findRole(id: number): Promise<Role | undefined> {
    return this.roles.get(id, (key) => this.users.findRole(key));
  }

  list(page: { limit: number; offset: number }) {
    return this.users.list(page);
  }

  /** Throws NotFoundError('user') for an unknown username. Audited, also when unchanged. */
  async changeRole(actor: Actor, username: string, role: Role): Promise<UserRecord> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new NotFoundError('user');
    const changed = user.role === role ? user : await this.users.setRole(user.id, role);
    this.roles.delete(user.id);
    await this.audit.record('role.changed', actor, target(user), `${user.role} -> ${role}`);
    return changed;
  }

  get(id: number): Promise<UserRecord | undefined> {
    return this.users.findById(id);
  }

  async update(id: number, changes: AccountChanges): Promise<UserRecord> {
    const update: UserChanges = {};
    if (changes.username !== undefined) {
      checkUsername(changes.username);
      update.username = changes.username;
    }
    if (changes.email !== undefined) update.email = normalizeEmail(changes.email);
    if (changes.password !== undefined) update.passwordHash = await hashPassword(changes.password);
    if (changes.bio !== undefined) update.bio = emptyToNull(changes.bio) ?? null;
    if (changes.image !== undefined) update.image = emptyToNull(changes.image) ?? null;
    if (Object.keys(update).length === 0) {
      throw new ValidationError({
        user: ['must have at least one of email, username, password, bio, image'],
      });
    }
    return this.users.update(id, update);
  }
}

const target = (user: UserRecord) => `user:${user.username}`;
