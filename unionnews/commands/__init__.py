"""Subcommands of the `unionnews` CLI, one module each."""
