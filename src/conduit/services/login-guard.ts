// Failed-login budgets, as OWASP's authentication guidance has them: per account, whatever the
// address (a short lock-out stops guessing one account's password from many addresses), and a
// larger one per address, whatever the account (password spraying). Successful logins spend
// neither. An attempt reserves a failure on both before the password is checked and gives it
// back on success, so parallel guesses cannot overrun a budget while they are in flight.
import { createHash } from 'node:crypto';
import type { Budget } from '../limits/budget.js';
import { addressKey } from '../limits/client-address.js';

export interface LoginBudgets {
  perAccount: Budget;
  perIp: Budget;
}

export type Admission =
  | { refused: true; retryAfterSeconds: number }
  | {
      refused: false;
      /** The password matched: the reserved failures are given back. */
      succeeded(): Promise<void>;
      /** True when this attempt, if it fails, is the one that locks the account out. */
      locksAccount: boolean;
    };

export class LoginGuard {
  constructor(private readonly budgets?: LoginBudgets) {}

  /** `account` is the normalized email the attempt names, known to the service or not. */
  async admit(account: string, ip: string): Promise<Admission> {
    if (!this.budgets)
      return { refused: false, succeeded: async () => undefined, locksAccount: false };
    const { perAccount, perIp } = this.budgets;
    // Emails stay out of the counter store; a digest names the account as well.
    const accountKey = createHash('sha256').update(account).digest('base64url');
    const ipKey = addressKey(ip);
    const forAccount = await perAccount.spend(accountKey);
    if (!forAccount.allowed)
      return { refused: true, retryAfterSeconds: forAccount.retryAfterSeconds };
    const forIp = await perIp.spend(ipKey);
    if (!forIp.allowed) {
      // Refused before the account was tried: it is not the account's failure.
      await perAccount.refund(accountKey);
      return { refused: true, retryAfterSeconds: forIp.retryAfterSeconds };
    }
    return {
      refused: false,
      locksAccount: perAccount.enabled && forAccount.count === perAccount.max,
      succeeded: async () => {
        await Promise.all([perAccount.refund(accountKey), perIp.refund(ipKey)]);
      },
    };
  }

  /** How long an account stays locked out after its last allowed failure, at most. */
  get lockoutSeconds(): number | undefined {
    return this.budgets?.perAccount.windowSeconds;
  }
}
