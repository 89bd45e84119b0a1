"""Accounts: sign up, log in and out, passwords, and the account's export and deletion."""
