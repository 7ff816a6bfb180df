// DO NOT EDIT. Rewritten by `make scaffold` from the stubs in this folder.
// The operations no handwritten module under src/conduit/handlers/ implements yet, each answered by its
// stub here (501 Not Implemented). src/conduit/handlers/index.ts spreads these before the handwritten
// handlers, so an implementation always wins. After implementing an operation, delete its stub
// and run `make scaffold`.
import type { Handlers } from '../../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';

// `satisfies`, not a type annotation: the object keeps its exact keys for the spread, and a
// stub whose operation left the spec is an error here.
export const pendingHandlers = {} satisfies Partial<Handlers<Principal>>;
