"""``monitor framework load`` and ``show``: what they print and how they exit."""

from __future__ import annotations

from pathlib import Path

from indicators import services
from tests.indicators.framework_text import VALID, changed, write


def test_loading_the_shipped_framework_again_says_it_is_already_loaded(runner):
    result = runner.invoke(args=["framework", "load"])

    assert result.exit_code == 0, result.output
    assert "framework ph-cwc version 2026.1 is already loaded" in result.output
    assert "nothing changed" in result.output


def test_loading_a_new_file_prints_what_it_loaded(runner, tmp_path: Path):
    path = write(tmp_path, VALID)

    result = runner.invoke(args=["framework", "load", str(path)])

    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Loaded framework test version 1 (Test framework): 3 indicators"
    )
    assert "2 forms, 1 validation rules" in result.output
    current = services.current_framework()
    assert current is not None and current.code == "test"


def test_a_file_with_problems_prints_every_one_and_exits_1(runner, tmp_path: Path):
    text = changed('unit = "percent"', 'unit = "precent"')
    text = changed('frequency = "quarterly"', 'frequency = "monthly"', text)
    path = write(tmp_path, text, "broken.toml")

    result = runner.invoke(args=["framework", "load", str(path)])

    assert result.exit_code == 1
    assert "Nothing was loaded. broken.toml: 2 problems" in result.stderr
    assert "- indicators[1] (T-01).unit: 'precent' is not one of" in result.stderr
    assert "- indicators[3] (T-03).frequency: 'monthly' is not one of" in result.stderr
    assert "Traceback" not in result.output
    current = services.current_framework()
    assert current is not None and current.code == "ph-cwc"


def test_a_changed_file_of_a_loaded_version_is_refused(runner, tmp_path: Path):
    path = write(tmp_path, VALID)
    assert runner.invoke(args=["framework", "load", str(path)]).exit_code == 0
    write(tmp_path, changed("Test framework", "Test framework, edited"))

    result = runner.invoke(args=["framework", "load", str(path)])

    assert result.exit_code == 1
    assert "framework test version 1 is already loaded and is immutable" in result.stderr


def test_a_missing_file_exits_1_with_a_message(runner, tmp_path: Path):
    result = runner.invoke(args=["framework", "load", str(tmp_path / "absent.toml")])

    assert result.exit_code == 1
    assert "cannot be read" in result.stderr
    assert "Traceback" not in result.output


def test_show_lists_domains_with_indicator_counts_and_forms(runner):
    result = runner.invoke(args=["framework", "show"])

    assert result.exit_code == 0, result.output
    assert "Framework ph-cwc version 2026.1" in result.output
    assert "SUR    Survival         10 indicators" in result.output
    assert "barangay-quarterly" in result.output
    assert "Barangay quarterly report (5 indicators)" in result.output
    assert "Validation rules: 20" in result.output
