"""Command-line interface, pack assembly, store, registers and reports."""
