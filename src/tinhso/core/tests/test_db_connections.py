"""Persistent database connections in production (issue 17: a new PostgreSQL connection per
request cost a quarter of the workers' time), none in development."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tinhso import envvars
from tinhso import settings as s

PG = "postgres://app@db.example:5432/tinhso"


def test_production_keeps_connections_and_checks_them_before_reuse(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    config = envvars.database(s.BASE_DIR, production=True)
    assert config["CONN_MAX_AGE"] == envvars.PRODUCTION_CONN_MAX_AGE > 0
    assert config["CONN_HEALTH_CHECKS"] is True


def test_development_closes_each_connection_unless_told(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    assert envvars.database(s.BASE_DIR)["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("DB_CONN_MAX_AGE", "30")
    assert envvars.database(s.BASE_DIR)["CONN_MAX_AGE"] == 30


def test_the_operator_may_turn_persistence_off_in_production(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    config = envvars.database(s.BASE_DIR, production=True)
    assert config["CONN_MAX_AGE"] == 0
    assert config["CONN_HEALTH_CHECKS"] is False


def test_a_negative_age_stops_start_up(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("DB_CONN_MAX_AGE", "-5")
    with pytest.raises(ImproperlyConfigured, match="DB_CONN_MAX_AGE"):
        envvars.database(s.BASE_DIR, production=True)
