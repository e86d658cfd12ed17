"""Queue pages: most urgent first across pages, and the capped 'tất cả' list."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.dossiers import services, views_office
from tinhso.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _codes(html: str) -> list[str]:
    return re.findall(r'href="/can-bo/ho-so/([^/"]+)/"', html)


def test_pages_follow_due_dates_without_gaps_or_repeats(new_dossier, cast, monkeypatch):
    monkeypatch.setattr(views_office, "PAGE_SIZE", 4)
    dossiers = [services.counter_receive(new_dossier(), actor=cast.reception) for _ in range(10)]
    for i, d in enumerate(dossiers):  # the last received is the most urgent
        Dossier.objects.filter(pk=d.pk).update(due_at=d.due_at - timedelta(hours=i))
    client = Client()
    client.force_login(cast.specialist)
    seen = []
    for page in (1, 2, 3):
        seen += _codes(client.get(reverse("dossiers:office"), {"page": page}).content.decode())
    expected = list(
        Dossier.objects.filter(pk__in=[d.pk for d in dossiers])
        .order_by("due_at", "submitted_at")
        .values_list("code", flat=True)
    )
    assert seen == expected


def test_all_list_pages_without_counting_up_to_its_limit(new_dossier, cast, monkeypatch):
    monkeypatch.setattr(views_office, "PAGE_SIZE", 2)
    monkeypatch.setattr(views_office, "BROWSE_MAX_PAGES", 2)
    made = [services.counter_receive(new_dossier(), actor=cast.reception) for _ in range(5)]
    client = Client()
    client.force_login(cast.specialist)
    url = reverse("dossiers:office_queue", args=["tat-ca"])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    beyond = client.get(url, {"page": 9}).content.decode()
    newest = [d.code for d in sorted(made, key=lambda d: d.submitted_at, reverse=True)]
    assert _codes(first) == newest[:2] and 'rel="next"' in first
    assert _codes(second) == newest[2:4] and 'rel="next"' not in second  # the limit
    assert _codes(beyond) == newest[2:4]
    assert "tra cứu theo mã" in first
    assert client.get(url, {"page": "abc"}).status_code == 200
