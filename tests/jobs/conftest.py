"""Background jobs: tasks sent through a real broker to real workers, their command twins and idempotency.

Unless a test starts a real worker (``@pytest.mark.worker``), Celery runs eagerly here: a task queued on
commit runs in the test process, so delivery can be checked in ``mail.outbox``.
"""

import pytest


@pytest.fixture(autouse=True)
def _eager(eager_celery):
    return eager_celery
