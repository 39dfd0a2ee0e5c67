"""`make run`'s way into the admin: `dev_admin` prints a fresh password and where to use it."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_prints_a_working_password_for_the_address_the_server_listens_on():
    out = StringIO()

    call_command("dev_admin", address="127.0.0.1:8765", stdout=out)

    printed = out.getvalue()
    assert "http://127.0.0.1:8765/admin/" in printed
    password = re.search(r"password: (\S+)", printed).group(1)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.check_password(password)


@override_settings(DEBUG=False)
def test_refuses_to_run_without_debug():
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("dev_admin")
