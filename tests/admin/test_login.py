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


PROXY = {"REMOTE_ADDR": "127.0.0.1"}  # behind nginx, every request comes from the proxy


def login(client, password="wrong", xff="203.0.113.7"):
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": password},
        HTTP_X_FORWARDED_FOR=xff,
        **PROXY,
    )


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = 1


@pytest.mark.usefixtures("behind_nginx", "editor")
def test_behind_the_proxy_failures_from_one_address_do_not_lock_out_another(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, xff="203.0.113.7")
    assert login(client, xff="203.0.113.7").status_code in (403, 429)
    # The editor at another address logs in: the proxy's own address is not the lockout key.
    assert login(client, "a-Long-pass-phrase-7", xff="198.51.100.20").status_code == 302


@pytest.mark.usefixtures("behind_nginx", "editor")
def test_a_client_writing_its_own_forwarded_for_does_not_dodge_the_lockout(client, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        # nginx appends the real address after whatever the client wrote.
        login(client, xff=f"10.0.0.{n}, 203.0.113.7")
    assert login(client, "a-Long-pass-phrase-7", xff="1.2.3.4, 203.0.113.7").status_code in (
        403,
        429,
    )


@pytest.mark.usefixtures("editor")
def test_without_a_trusted_proxy_the_header_is_ignored(client, settings):
    settings.TRUSTED_PROXIES = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            REMOTE_ADDR="192.0.2.1",
        )
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "a-Long-pass-phrase-7"},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
        REMOTE_ADDR="192.0.2.1",
    )
    assert response.status_code in (403, 429)
