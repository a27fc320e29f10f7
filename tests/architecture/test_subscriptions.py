"""Each part's queue is bound to the events its consumer handles: a handler without a binding never
runs, a binding without a handler dead-letters what it brings."""
from __future__ import annotations

import importlib

import pytest

from banzu_common.messaging.catalogue import SUBSCRIPTIONS
from banzu_common.messaging.contracts import CredentialExpiring

CONSUMERS = {"gateway": "banzu_gateway.entrypoints.consumer", "competition": "banzu_competition.entrypoints.consumer",
             "training": "banzu_training.entrypoints.consumer", "credentials": "banzu_credentials.entrypoints.consumer"}
# Handlers a part takes with a shared set and does not need: the credential copy's handler of reminders,
# which competition (checking validity on a contest's day, not reminding) is not bound to.
UNBOUND_ON_PURPOSE = {"competition": {CredentialExpiring.TYPE}}


@pytest.mark.parametrize("part", sorted(CONSUMERS))
def test_a_parts_bindings_are_its_handlers(part):
    handlers = set(importlib.import_module(CONSUMERS[part]).HANDLERS)
    bound = set(SUBSCRIPTIONS[part])
    assert bound <= handlers, f"bound without a handler: {bound - handlers}"
    assert handlers - bound == UNBOUND_ON_PURPOSE.get(part, set()), "a handler no binding brings events to"
