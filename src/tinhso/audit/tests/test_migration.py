"""A database that already has an audit record gets it chained by the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tinhso.audit.models import AuditEvent
from tinhso.audit.tests.tampering import installed_guard_triggers
from tinhso.audit.verify import verify_chain

BEFORE = [("audit", "0001_initial")]
AFTER = [("audit", "0002_hash_chain")]


@pytest.mark.django_db(transaction=True)
def test_rows_recorded_before_the_chain_are_linked_in_the_order_they_were_written():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old_state = executor.loader.project_state(BEFORE).apps
        OldEvent = old_state.get_model("audit", "AuditEvent")
        ids = [
            OldEvent.objects.create(
                action="old.act", summary=f"cũ {i}", changes={"i": i}, ip_address="10.0.0.9"
            ).pk
            for i in range(5)
        ]
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        rows = list(AuditEvent.objects.order_by("seq").values_list("id", "seq"))
        assert rows == [(pk, n) for n, pk in enumerate(ids, start=1)]
        walk = verify_chain()
        assert walk.broken is None
        assert walk.checked == 5
        assert installed_guard_triggers()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
