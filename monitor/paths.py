"""Where the project's non-Python files live, in a checkout and in an installed wheel alike.

The wheel installs templates/ and migrations/ beside the packages, as in the source tree.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
