"""Accounts: users, their roles, areas and agencies, and who may do what."""
