"""Imports from the browser: ledger files and chat exports, run as background jobs."""
