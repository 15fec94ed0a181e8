import pytest

pytestmark = pytest.mark.django_db


def test_repeated_bad_logins_lock_the_account_out(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the login form again, with its error
    response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 429  # the limit reached: locked out
    # Now even the right password is refused.
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "a-Long-pass-phrase-7"}
    )
    assert response.status_code in (403, 429)
    assert "登录已暂停" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_login_works(client, editor):
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "a-Long-pass-phrase-7"}
    )
    assert response.status_code == 302
