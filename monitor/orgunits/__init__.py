"""Org units: the geographic hierarchy every value and every user belongs to."""
