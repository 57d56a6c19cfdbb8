"""Periods, forms, spreadsheet templates and uploads, and the review workflow."""
