"""A Celery worker for the integration tests, isolated from every other run by a queue and key prefix.

Run as ``python tests/jobs/worker_main.py NAME`` with TEST_BROKER_PREFIX set; TEST_VISIBILITY_TIMEOUT
shortens the broker's visibility timeout (and the restore sweep) to show a dead worker's task redone.
"""

import os
import sys

from tracker.celery import app

prefix = os.environ["TEST_BROKER_PREFIX"]
options = {**app.conf.broker_transport_options, "global_keyprefix": f"{prefix}:"}
if os.environ.get("TEST_VISIBILITY_TIMEOUT"):
    options.update(
        visibility_timeout=int(os.environ["TEST_VISIBILITY_TIMEOUT"]),
        unacked_restore_interval=1,
        unacked_restore_throttle=1,
    )
app.conf.broker_transport_options = options
app.conf.task_default_queue = prefix
app.worker_main(
    ["worker", "--pool=solo", f"--hostname={sys.argv[1]}@%h", "-Q", prefix, "-I", "tests.jobs.worker_tasks",
     "--without-mingle", "--without-gossip", "--loglevel=INFO"]
)  # fmt: skip
