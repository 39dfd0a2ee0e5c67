import pytest

from tests.factories import make_user


@pytest.fixture
def staff_user(db):
    return make_user(username="editor", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def demo(db):
    """The Korea–Peru demo of DESIGN.md §7, loaded through the real command."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
