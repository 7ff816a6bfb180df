// Removed articles and comments stay readable by admins (to review and restore them) only.
import type { Principal } from '../http/authentication.js';
import type { Visibility } from '../services/articles.js';

export const visibilityFor = (principal: Principal | undefined): Visibility => ({
  includeRemoved: principal?.role === 'admin',
});
