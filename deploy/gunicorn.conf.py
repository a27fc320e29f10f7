# gunicorn settings shared by the gateway and the services (override with GUNICORN_CMD_ARGS).
import os

workers = int(os.environ.get("BANZU_WEB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("BANZU_WEB_THREADS", "8"))
timeout = 60
graceful_timeout = 10
keepalive = 5
# Long filtered links stay within the API (problem+json answers): gunicorn's largest request line, below
# the edge's 16k header buffers.
limit_request_line = 8190
accesslog = None
errorlog = "-"
loglevel = os.environ.get("BANZU_LOG_LEVEL", "info")
# Several gunicorn masters run side by side (gateway and services): one shared control socket at
# $HOME/.gunicorn/gunicorn.ctl would have each replace the other's. Process managers stop them.
control_socket_disable = True
