import os

import pytest
from hypothesis import settings as hypothesis_settings

from tests.support.fixtures import gov, org, other_org, users  # noqa: F401  (shared fixtures)

# Property tests explore random inputs locally; CI (HYPOTHESIS_PROFILE=ci, set by .ci/run) runs the
# same number of examples from a fixed seed, so a red CI is always reproducible.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Playwright's sync API runs an event loop in the test thread; Django would
# then refuse ORM calls from browser tests.  Must be set before Django starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Password hashing is not under test: a fast hasher keeps user-heavy tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads and generated files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _language_of_record():
    """Every test starts in Chinese: a request with English (LocaleMiddleware activates it for the
    thread) must not leak into the next test's messages."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run only when DATABASE_URL points at PostgreSQL."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    skip = pytest.mark.skip(reason="需要 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行（CI 会运行）")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
