"""Motoko 0.1.4's script modules, for code that calls them directly."""
