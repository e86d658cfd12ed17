import pytest
from django.core.exceptions import ImproperlyConfigured

from tinhso import envvars
from tinhso import settings as s


def test_env_bool_rejects_values_that_are_not_booleans(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        s.env_bool("X_FLAG", False)
    monkeypatch.setenv("X_FLAG", "TRUE")
    assert s.env_bool("X_FLAG", False) is True


def test_env_int_rejects_non_numbers(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured):
        s.env_int("X_NUM", 1)


def test_database_url_must_be_postgres_or_sqlite(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://u:p@localhost/db")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL or SQLite"):
        envvars.database(s.BASE_DIR)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/x.sqlite3")
    assert envvars.database(s.BASE_DIR)["NAME"] == str(s.BASE_DIR / "var" / "x.sqlite3")


def test_production_requires_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        envvars.secret_key(True, s.VAR_DIR)


def test_vietnamese_and_saigon_time():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ
