"""A copy waits to be registered: its agency's clerks are told (văn bản đến chờ vào sổ).

Public to the documents context's services: an internal copy made when a document is sent
(outgoing_dispatch.send) and a copy arrived over the exchange axis
(exchange_events.receive_external) both call `tell_clerks`."""

from __future__ import annotations

from tinhso.accounts.models import StaffRole
from tinhso.documents.kinds import Confidentiality
from tinhso.documents.models import Document
from tinhso.notifications.services import notify
from tinhso.organisation.roles import Role


def tell_clerks(copy: Document) -> None:
    """E-mail the receiving agency's clerks that `copy` waits to be registered (sent once the
    transaction commits; Nghị định 30/2020/NĐ-CP Điều 18: urgent ones are registered at once).
    """
    roles = StaffRole.objects.filter(agency_id=copy.agency_id, role=Role.CLERK, is_active=True)
    if copy.confidentiality != Confidentiality.NORMAL:
        # A secret document is read only by those named: the receiving clerks register it
        # in the secret book (Luật Bảo vệ bí mật nhà nước 2018, Điều 11).
        copy.named_readers.add(*[r.user_id for r in roles])
    for role in roles.select_related("user"):
        notify(
            reference=f"van-ban-den-{copy.pk}",
            subject=f"Văn bản đến chờ vào sổ: {copy.number_and_symbol} của {copy.organ_name}",
            body=f"{copy.get_doc_type_display()} số {copy.number_and_symbol} "
            f"({copy.get_urgency_display()}): {copy.subject}",
            email=role.user.email,
            user=role.user,
            event_key=f"documents:{copy.pk}:pending:{role.user_id}",
        )
