# gunicorn settings shared by the gateway and the services (override with GUNICORN_CMD_ARGS).
import os

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
