"""Tests without a screen: the core, the store, the services and the command line (as a subprocess)."""
