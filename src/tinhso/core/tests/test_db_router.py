"""The read replica (issue 17 item 9, tinhso.core.db_router): statistics and the dashboard
read from the "replica" alias, everything else and every write from the primary, and a request
that has written reads its own writes from the primary.

The "replica" here is a test mirror of the primary (Django's TEST MIRROR: another connection
to the same test database), added for this module; the tests commit (transaction=True) so
that the second connection sees their rows, as a standby sees the primary's.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tinhso.accounts.services import role_grant, staff_create
from tinhso.core import db_router
from tinhso.envvars import replica_database
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role

BOTH = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
PASSWORD = "Mat-khau-rat-dai-2026!"


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    primary = connections["default"].settings_dict
    connections.settings[db_router.REPLICA] = {
        **primary,
        "TEST": {**primary["TEST"], "MIRROR": "default"},
    }
    yield db_router.REPLICA
    with django_db_blocker.unblock():
        connections[db_router.REPLICA].close()
    del connections[db_router.REPLICA]
    del connections.settings[db_router.REPLICA]


def statistics_tables(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if '"statistics_' in q["sql"]]


@BOTH
def test_public_statistics_read_from_the_replica(replica, province):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica]) as standby,
    ):
        assert Client().get("/thong-ke/").status_code == 200
    assert statistics_tables(standby.captured_queries)
    assert not statistics_tables(primary.captured_queries)


@BOTH
def test_the_dashboard_reads_its_figures_and_lists_from_the_replica(replica, province, client):
    leader = staff_create(username="lanhdao.tinh", full_name="Hoàng Văn Bảy", password=PASSWORD)
    role_grant(user=leader, agency=province["ubnd"], role=Role.PROVINCE_LEADER)
    client.force_login(leader)
    # The first visit closes the year's ended months (a write, so that request then reads
    # from the primary); in production the beat task has closed them already.
    assert client.get("/can-bo/dieu-hanh/").status_code == 200
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica]) as standby,
    ):
        assert client.get("/can-bo/dieu-hanh/").status_code == 200
    lists = [q["sql"] for q in standby.captured_queries if '"dossiers_dossier"' in q["sql"]]
    assert statistics_tables(standby.captured_queries) and lists
    assert not statistics_tables(primary.captured_queries)
    # Who the leader is, and the session, come from the primary.
    assert any('"accounts_user"' in q["sql"] for q in primary.captured_queries)


@BOTH
def test_after_a_write_the_same_request_reads_from_the_primary(replica, province):
    db_router.forget_writes()  # as when a request starts
    with db_router.reporting_reads():
        assert db_router.reporting_db() == replica
        with CaptureQueriesContext(connections[replica]) as standby:
            Agency.objects.count()
        assert len(standby.captured_queries) == 1
        Agency.objects.filter(pk=province["stp"].pk).update(short_name="STP")
        assert db_router.reporting_db() == "default"
        with CaptureQueriesContext(connections[replica]) as standby:
            assert Agency.objects.get(pk=province["stp"].pk).short_name == "STP"
        assert standby.captured_queries == []
    db_router.forget_writes()
    with transaction.atomic():  # an open transaction on the primary reads there
        assert db_router.reporting_db() == "default"


def test_without_a_replica_everything_reads_from_the_primary(monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: False)
    db_router.forget_writes()
    with db_router.reporting_reads():
        assert db_router.reporting_db() == "default"
        assert db_router.ReplicaRouter().db_for_read(Agency) == "default"
    assert db_router.ReplicaRouter().db_for_read(Agency) is None  # Django's default
    assert db_router.ReplicaRouter().allow_migrate(db_router.REPLICA, "organisation") is False


def test_the_replica_url_is_parsed_like_the_primary():
    primary = {
        "ENGINE": "django.db.backends.postgresql",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 5},
    }
    assert replica_database("", primary) == {}
    config = replica_database("postgres://ro@standby.internal:5432/tinhso", primary)["replica"]
    assert (config["HOST"], config["NAME"], config["CONN_MAX_AGE"]) == (
        "standby.internal",
        "tinhso",
        60,
    )
    assert config["OPTIONS"] == {"connect_timeout": 5}
    assert config["TEST"] == {"MIRROR": "default"}
    with pytest.raises(ImproperlyConfigured):
        replica_database("sqlite:///replica.sqlite3", primary)
    with pytest.raises(ImproperlyConfigured):
        replica_database("not a url", primary)
