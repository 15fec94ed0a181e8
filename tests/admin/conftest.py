import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import DATA_EDITORS


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "editor", "editor@example.invalid", "a-Long-pass-phrase-7", is_staff=True
    )
    user.groups.add(Group.objects.get(name=DATA_EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
