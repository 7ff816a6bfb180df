# Schemathesis hooks for scripts/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).
#
# A fresh Idempotency-Key for every request that sends a valid one. Schemathesis sends the
# parameter's example (or a short generated key) with many requests; the service then rightly
# replays a kept answer (the same request and key) or refuses the key (422, a different request),
# and a replayed 201 can name a comment or an article another scenario has deleted since, which
# the stateful checks take for a created resource that vanished. Keys are the client's to make
# unique; an invalid key is left as generated, so the negative checks still send it.
import itertools
import re

import schemathesis

_VALID_KEY = re.compile(r"[\x21-\x7E]{1,255}")
_numbers = itertools.count(1)


@schemathesis.hook
def map_headers(context, headers):
    # At generation, before any check takes a header away or sends it on its own.
    if not headers:
        return headers
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and _VALID_KEY.fullmatch(value):
            headers[name] = f"schemathesis-{next(_numbers)}"
    return headers
