"""Repositories: the domain's objects in and out of training's tables (SQLAlchemy Core), one module
per aggregate. Each works on the unit of work's session. `for_update=True` takes a row lock on
PostgreSQL (SELECT … FOR UPDATE); SQLite ignores it, and serialises writers instead because every
transaction begins IMMEDIATE."""
