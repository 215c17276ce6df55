"""Production settings plus the prototype of bench/fastpath.py, for ``bench/run.py --settings bench.settings_fast``."""

from tracker.settings import *  # noqa: F403
from tracker.settings import MIDDLEWARE

_after = MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_after], "bench.fastpath.LocalPublicPages", *MIDDLEWARE[_after:]]
