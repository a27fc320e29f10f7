"""Inspect and replay a service's dead-letter queue once the cause of the failures is fixed."""
from __future__ import annotations

import argparse
import json
import sys

from banzu_common.config import Settings
from banzu_common.messaging.connection import blocking_connection
from banzu_common.messaging.consumer import ATTEMPT_HEADER, ERROR_HEADER
from banzu_common.messaging.topology import dead_letter_queue, declare_all

def list_dead_letters(settings: Settings, service: str) -> list[dict]:
    """Peek at the dead letters (they are requeued untouched)."""
    found = []
    with blocking_connection(settings.broker_url) as connection:
        channel = connection.channel()
        declare_all(channel, settings)
        dlq = dead_letter_queue(settings.queue(service))
        tags = []
        while True:
            method, properties, body = channel.basic_get(dlq)
            if method is None:
                break
            tags.append(method.delivery_tag)
            headers = properties.headers or {}
            found.append({"message_id": properties.message_id, "type": properties.type,
                          "error": headers.get(ERROR_HEADER), "attempts": headers.get(ATTEMPT_HEADER, 0) + 1,
                          "size": len(body)})
        for tag in tags:
            channel.basic_nack(tag, requeue=True)
    return found

def replay(settings: Settings, service: str, limit: int | None = None) -> int:
    """Moves dead letters back to the service's work queue with a fresh retry budget."""
    moved = 0
    with blocking_connection(settings.broker_url) as connection:
        channel = connection.channel()
        declare_all(channel, settings)
        channel.confirm_delivery()
        queue = settings.queue(service)
        while limit is None or moved < limit:
            method, properties, body = channel.basic_get(dead_letter_queue(queue))
            if method is None:
                break
            headers = {k: v for k, v in (properties.headers or {}).items()
                       if k not in (ATTEMPT_HEADER, ERROR_HEADER, "x-death", "x-first-death-exchange",
                                    "x-first-death-queue", "x-first-death-reason")}
            properties.headers = headers
            channel.basic_publish("", queue, body, properties)  # confirmed before the ack below
            channel.basic_ack(method.delivery_tag)
            moved += 1
    return moved

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="banzu-dead-letters", description=__doc__)
    parser.add_argument("action", choices=["list", "replay"])
    parser.add_argument("--service", required=True, choices=["gateway", "competition", "training", "credentials"])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    settings = Settings.from_env(args.service)
    if args.action == "list":
        json.dump(list_dead_letters(settings, args.service), sys.stdout, indent=2, default=str)
        print()
    else:
        print(f"replayed {replay(settings, args.service, args.limit)} message(s) to {settings.queue(args.service)}")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
