"""The monitoring system's application package: factory, configuration, database, accounts,
org units, audit and the command line."""

from monitor.app import create_app

__all__ = ["create_app"]
