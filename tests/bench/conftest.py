"""The bench code lives in bench/ (its own settings and app): put it on the path."""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))


@pytest.fixture
def bench_site(settings):
    """The benchmark server's settings: the product plus the benchsite app and its URLs."""
    import benchsite.settings as bench_settings

    settings.INSTALLED_APPS = bench_settings.INSTALLED_APPS
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
    return settings
