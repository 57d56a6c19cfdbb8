"""Settings are read from the environment and checked at start-up."""

import pytest

from monitor import config, create_app


def test_defaults_apply_when_the_environment_is_silent():
    settings = config.load_settings(None, environ={})
    assert settings["ENV"] == "production"
    assert settings["MAX_UPLOAD_MB"] == 20
    assert settings["TIMEZONE"] == "Asia/Manila"


def test_environment_values_are_parsed_by_type():
    settings = config.load_settings(
        None, environ={"MONITOR_MAX_UPLOAD_MB": "5", "MONITOR_SECURE_COOKIES": "off"}
    )
    assert settings["MAX_UPLOAD_MB"] == 5
    assert settings["SECURE_COOKIES"] is False


def test_a_value_of_the_wrong_type_names_the_variable():
    with pytest.raises(config.ConfigError, match="MONITOR_MAX_UPLOAD_MB='lots'"):
        config.load_settings(None, environ={"MONITOR_MAX_UPLOAD_MB": "lots"})


def test_production_refuses_to_start_without_a_secret_key():
    settings = config.load_settings(None, environ={})
    with pytest.raises(config.ConfigError, match="MONITOR_SECRET_KEY is required"):
        config.validate(settings)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MONITOR_ENV": "staging"}, "MONITOR_ENV='staging'"),
        ({"MONITOR_ENV": "development", "MONITOR_TIMEZONE": "Mars/Olympus"}, "TIMEZONE"),
        ({"MONITOR_ENV": "development", "MONITOR_DATABASE_URL": "mysql://x"}, "only sqlite"),
        ({"MONITOR_ENV": "development", "MONITOR_SESSION_HOURS": "0"}, "SESSION_HOURS"),
    ],
)
def test_invalid_settings_are_refused_with_the_variable_named(environ, message):
    with pytest.raises(config.ConfigError, match=message):
        config.validate(config.load_settings(None, environ=environ))


def test_the_sqlite_default_lives_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_INSTANCE_PATH", str(tmp_path))
    app = create_app({"ENV": "development"})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/monitor.sqlite3"
    assert app.config["SECRET_KEY"] == config.DEVELOPMENT_SECRET


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_INSTANCE_PATH", str(tmp_path))
    app = create_app({"ENV": "production", "SECRET_KEY": "s" * 40})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_the_command_line_reports_a_bad_setting_without_a_traceback(monkeypatch, capsys):
    from monitor import cli

    monkeypatch.setenv("MONITOR_ENV", "production")
    monkeypatch.delenv("MONITOR_SECRET_KEY", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "MONITOR_SECRET_KEY is required" in captured.err
    assert "Traceback" not in captured.err
