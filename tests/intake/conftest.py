from datetime import date

import pytest
from django.conf import settings

from tests.factories import make_user

SEED_PUBLISHED_ON = date(2024, 11, 18)


@pytest.fixture
def seed_text():
    """The seed article of DESIGN.md §7 (Monday 2024-11-18)."""
    return (settings.SEED_DIR / "korea-peru-summit-2024-11-18.txt").read_text(encoding="utf-8")


EDITOR_PERMISSIONS = (
    "agreements.add_agreement",
    "agreements.change_agreement",
    "agreements.view_agreement",
    "agreements.add_source",
    "agreements.view_source",
    "parties.add_party",
    "parties.change_party",
    "parties.view_party",
)


@pytest.fixture
def editor(db):
    return make_user(username="intake-editor", is_staff=True, permissions=EDITOR_PERMISSIONS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
