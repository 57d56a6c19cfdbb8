"""A small valid framework file that tests change one key at a time."""

from __future__ import annotations

from pathlib import Path

VALID = """
[framework]
code = "test"
version = "1"
title = "Test framework"

[[references]]
code = "SRC"
citation = "A source"

[[agencies]]
code = "DOH"
name = "Department of Health"

[[domains]]
code = "SUR"
title = "Survival"

[[dimensions]]
code = "sex"
title = "Sex"
categories = [{ code = "female", label = "Female" }, { code = "male", label = "Male" }]

[[indicators]]
code = "T-01"
domain = "SUR"
title = "Children weighed"
definition = "Share of children weighed."
unit = "percent"
entry = "ratio"
numerator_label = "Children weighed"
denominator_label = "Children"
disaggregations = ["sex"]
reported_by = { source = "barangay", level = "barangay" }
frequency = "annual"
direction = "higher"
sensitive = false
aggregation = "ratio"
references = ["SRC"]

[[indicators]]
code = "T-02"
domain = "SUR"
title = "Children stunted"
definition = "Share of children weighed who are stunted."
unit = "percent"
entry = "ratio"
numerator_label = "Children stunted"
denominator_label = "Children weighed"
disaggregations = ["sex"]
reported_by = { source = "barangay", level = "barangay" }
frequency = "annual"
direction = "lower"
sensitive = false
aggregation = "ratio"

[[indicators]]
code = "T-03"
domain = "SUR"
title = "Deaths of children under five"
definition = "Deaths of children under five registered in the quarter."
unit = "count"
entry = "value"
value_label = "Deaths of children under five"
disaggregations = []
reported_by = { source = "DOH", level = "city_municipality" }
frequency = "quarterly"
direction = "lower"
sensitive = true
aggregation = "sum"

[[rules]]
code = "stunted-within-weighed"
left = "T-02.numerator"
operator = "<="
right = "T-01.numerator"
message = "Stunted children cannot outnumber the children weighed."
"""


def changed(old: str, new: str, text: str = VALID) -> str:
    """The valid file with its only ``old`` replaced by ``new``."""
    assert text.count(old) >= 1, f"{old!r} is not in the test framework"
    return text.replace(old, new, 1)


def write(directory: Path, text: str, name: str = "framework.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path
