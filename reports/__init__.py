"""Compiled reports: compilation up the hierarchy, PDF, Excel, charts, disclosure control."""
