"""The background worker: django-tasks-db's db_worker plus a heartbeat (the lease of the jobs it
runs) and the reaper of jobs whose worker died. Run one or more per machine:

    python manage.py run_worker            # production (systemd unit in docs/deploy.md)
"""

import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from core.models import WorkerHeartbeat
from core.tasks import reap_lost_jobs


class Heartbeat(threading.Thread):
    """Renews this worker's WorkerHeartbeat row and reaps lost jobs, every few seconds, on its
    own database connection, while the main thread runs tasks."""

    def __init__(self, worker_id: str, interval: float):
        super().__init__(name="brobyg-heartbeat", daemon=True)
        self.worker_id, self.interval = worker_id, interval
        self.stopped = threading.Event()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": timezone.now(), "hostname": socket.gethostname()[:200], "pid": os.getpid()},
        )
        reap_lost_jobs()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                try:
                    self.beat()
                except DatabaseError:
                    connection.close()  # reconnect on the next beat; a missed beat only shortens the lease
                self.stopped.wait(self.interval)
        finally:
            connection.close()


class Command(DbWorkerCommand):
    help = "Run the background worker (tasks with heartbeat and lost-job recovery)"

    def handle(self, *args, **options):
        options["reload"] = False  # the reloader would run a second heartbeat in its parent process
        worker_id = options["worker_id"]
        heartbeat = Heartbeat(worker_id, settings.WORKER_HEARTBEAT_SECONDS)
        heartbeat.beat()  # before the first task: a fresh worker must not be reaped
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=settings.WORKER_HEARTBEAT_SECONDS + 5)
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
