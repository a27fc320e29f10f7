"""S8's users for locust (run by bench/contest_day.py): 60 judges working through their scoring
sheets, 200 workers reading their certificates and training, 5 HR staff exporting promotion lists.

Environment: BANZU_S8_SEED (the JSON that contest_day.py wrote: tokens, contests, bibs) and
BANZU_S8_ROUTES (part -> base URL: all the same through the edge or the gateway; each service's own
address when the mix goes straight at the services). Each request is named by its kind, so locust
reports one line per kind.
"""
from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

from banzu_gateway.entrypoints.routes import owner_of

SEED = json.loads(open(os.environ["BANZU_S8_SEED"]).read())
ROUTES = json.loads(os.environ["BANZU_S8_ROUTES"])
JUDGES = itertools.cycle(SEED["judges"])
WORKERS = itertools.cycle(SEED["workers"])
HR = itertools.cycle(SEED["hr"])


def url(path: str) -> str:
    """Where this mix sends an /api/v1 path."""
    return ROUTES[owner_of(path.split("?")[0].removeprefix("/api/v1/")) or "gateway"] + path


class Person(HttpUser):
    abstract = True
    host = ROUTES["gateway"]

    def as_me(self, token: str) -> None:
        self.client.headers["Authorization"] = f"Bearer {token}"

    def read(self, path: str, name: str) -> None:
        self.client.get(url(path), name=name)


class Judge(Person):
    fixed_count = 60
    wait_time = between(5, 15)

    def on_start(self) -> None:
        me = next(JUDGES)
        self.as_me(me["token"])
        self.contest, self.bibs = me["contest"], me["bibs"]

    @task
    def score_the_next_bib(self) -> None:
        sheet = f"/api/v1/contests/{self.contest}"
        self.read(f"{sheet}/assignments", "judge: sheet assignments")
        self.read(f"{sheet}/scores?segment=P", "judge: sheet own scores")
        self.client.put(url(f"{sheet}/scores/P/{random.choice(self.bibs)}"), name="judge: enter a score",
                        json={"score": random.randint(60, 95), "reason": "second look"})


class Worker(Person):
    fixed_count = 200
    wait_time = between(10, 30)

    def on_start(self) -> None:
        me = next(WORKERS)
        self.as_me(me["token"])
        self.employee_no = me["employee_no"]

    @task(2)
    def my_certificates(self) -> None:
        self.read("/api/v1/credentials/me", "worker: my certificates")

    @task(1)
    def my_training(self) -> None:
        self.read(f"/api/v1/workers/{self.employee_no}/training", "worker: my training")


class HumanResources(Person):
    fixed_count = 5
    wait_time = between(30, 60)

    def on_start(self) -> None:
        self.as_me(next(HR)["token"])

    @task
    def export_promotions(self) -> None:
        self.read("/api/v1/promotions?format=csv", "hr: promotion list CSV")
