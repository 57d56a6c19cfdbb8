"""Headless Chromium driven by Playwright against a real server started as the README does.

The browser is the system's Chromium (the Debian package). Without it these tests are skipped,
unless MONITOR_REQUIRE_BROWSER is set, as CI does, which turns its absence into a failure.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from monitor.accounts.models import Role

CHROMIUM = Path(os.environ.get("MONITOR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("MONITOR_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required for the browser tests and not found at {CHROMIUM}")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    password: str


@dataclass(frozen=True)
class DemoServer:
    base_url: str
    #: Every account the demo printed, in its order; several share the agency_staff role.
    accounts: tuple[DemoAccount, ...]
    #: The period codes the demo filled, as it printed them.
    periods: tuple[str, ...]
    log: Path

    def accounts_of(self, role: str) -> list[DemoAccount]:
        return [account for account in self.accounts if account.role == role]

    def account(self, role: str) -> DemoAccount:
        """The first account of ``role``."""
        return self.accounts_of(role)[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not listen on port {port} within {seconds} s")


ACCOUNT_LINE = re.compile(r"^\s*(?P<role>[a-z_]+)\s+(?P<username>\S+)\s+(?P<password>\S+)\s*$")
PERIODS = re.compile(r"\bperiods (?P<codes>[^;]+);")
ROLES = {role.value for role in Role}


def _read_demo_output(output: str) -> tuple[tuple[DemoAccount, ...], tuple[str, ...]]:
    """The accounts table (its heading line names no role, so it is left out) and the periods."""
    accounts = tuple(
        DemoAccount(**match.groupdict())
        for match in map(ACCOUNT_LINE.match, output.splitlines())
        if match and match["role"] in ROLES
    )
    periods = PERIODS.search(output)
    assert accounts and periods, f"the demo printed no accounts or no periods:\n{output}"
    return accounts, tuple(code.strip() for code in periods["codes"].split(","))


@pytest.fixture(scope="session")
def demo_server(
    databases: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer]:
    """``monitor demo`` then ``monitor run``, in processes of their own, as the README says."""
    instance = tmp_path_factory.mktemp("instance")
    env = {
        **os.environ,
        "MONITOR_ENV": "development",
        "MONITOR_INSTANCE_PATH": str(instance),
        "MONITOR_DATABASE_URL": databases.create("demo"),  # type: ignore[attr-defined]
    }
    demo = subprocess.run(
        [sys.executable, "-m", "monitor", "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    accounts, periods = _read_demo_output(demo.stdout)

    port = _free_port()
    # The server's requests and tracebacks go to a file, to read when a page fails.
    log = instance / "server.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port, server)
            yield DemoServer(
                base_url=f"http://127.0.0.1:{port}", accounts=accounts, periods=periods, log=log
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
