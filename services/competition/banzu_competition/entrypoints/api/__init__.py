"""The competition API, one blueprint per resource (paths as in api.md, under /api/v1)."""
