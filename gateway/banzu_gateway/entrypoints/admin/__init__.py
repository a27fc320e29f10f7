"""Jobs people run by hand against a running gateway: imports, exports, sweeps, demo data."""
