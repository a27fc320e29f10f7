"""Banzu's shared library: no domain rules here, only what every part needs alike."""
