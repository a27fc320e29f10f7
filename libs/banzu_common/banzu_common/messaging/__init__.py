"""The event bus: CloudEvents envelopes, transactional outbox, relay, idempotent consumer, replay."""
