# gunicorn settings shared by the gateway and the services (override with GUNICORN_CMD_ARGS).
import os
import shutil
import tempfile
from pathlib import Path

workers = int(os.environ.get("BANZU_WEB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("BANZU_WEB_THREADS", "8"))
timeout = 60
graceful_timeout = 10
keepalive = 5
# No request line limit here: the applications refuse lines over banzu_common.web.MAX_REQUEST_LINE
# (8190 bytes) with a 414 problem+json, where gunicorn would answer its own HTML page.
limit_request_line = 0
accesslog = None
errorlog = "-"
loglevel = os.environ.get("BANZU_LOG_LEVEL", "info")
# Several gunicorn masters run side by side (gateway and services): one shared control socket at
# $HOME/.gunicorn/gunicorn.ctl would have each replace the other's. Process managers stop them.
control_socket_disable = True

# Prometheus multiprocess mode (banzu_common/metrics.py): the workers keep their counters in files
# of one directory per master, so /metrics adds up all of them. It is made empty here, in the
# master before any worker starts (and before prometheus_client is imported, which reads the
# variable once), and the workers inherit the variable. BANZU_METRICS_DIR chooses where (default
# the temporary directory).
_metrics_dir = Path(os.environ.get("BANZU_METRICS_DIR") or tempfile.gettempdir()) / f"banzu-metrics-{os.getpid()}"
shutil.rmtree(_metrics_dir, ignore_errors=True)
_metrics_dir.mkdir(parents=True)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir)


def child_exit(server, worker):
    """A worker that ended: its live gauges go (its counters stay in the group's totals)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
