"""gunicorn's settings for the web process; gunicorn reads this file by itself when started from here.

`gunicorn tracker.wsgi -b 127.0.0.1:8000` then runs as measured by the benchmark (bench/README.md).
Every value can still be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import gc
import os

# Two processes for two cores (WEB_CONCURRENCY for bigger hosts), each with a few threads so a slow
# client or a cold page does not hold a whole process.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Without SO_REUSEPORT one gthread worker accepts most connections and the other starves.
reuse_port = True
timeout = 60
graceful_timeout = 10


def post_worker_init(worker):
    # Move everything allocated while loading Django out of the collector's sight: full collections
    # then walk only what requests allocate, not ~200,000 framework objects; this cut the cold
    # detail page's p99 from ~130 ms to ~50 ms (bench/README.md, finding 9).
    gc.collect()
    gc.freeze()
