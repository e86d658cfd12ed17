"""Who reads and acts on a work file; delegations inside and outside their dates; what a
file gathers (documents, participants, opinions, progress) and the refusals."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from tinhso.accounts.services import citizen_create
from tinhso.documents.access import DocumentNotFound
from tinhso.documents.kinds import Confidentiality, Direction
from tinhso.workfiles import access, contents, delegations, services
from tinhso.workfiles.models import LinkRole, WorkDelegation, WorkFile, WorkFileLink
from tinhso.workfiles.services import WorkFileError
from tinhso.workfiles.workflow import NotAllowed

from .conftest import PASSWORD, document, open_file

pytestmark = pytest.mark.django_db


def reads(user, wf) -> bool:
    try:
        access.readable_work_file(user, wf.pk)
    except Http404:
        return False
    return True


def delegate(office, start_offset=0, end_offset=5, **kw):
    today = timezone.localdate()
    return delegations.create_delegation(
        user=kw.pop("user", office.specialist),
        to_user=kw.pop("to_user", office.office_specialist),
        agency=office.stp,
        start_date=today + timedelta(days=start_offset),
        end_date=today + timedelta(days=end_offset),
        scope_note="Nghỉ phép",
    )


def test_readers_of_a_file(office, wf):
    for user in (office.specialist, office.head, office.leader, office.clerk):
        assert reads(user, wf), user
    assert reads(office.province_leader, wf)
    for user in (office.other_clerk, office.other_leader, office.office_specialist):
        assert not reads(user, wf), user
    citizen = citizen_create(
        username="congdan.wf", full_name="Nguyễn Văn Dân", cccd="072190009999", password=PASSWORD
    )
    assert not reads(citizen, wf)


def test_a_participant_reads_the_file(office, wf):
    contents.add_participant(user=office.specialist, work_file=wf, person=office.office_specialist)
    assert reads(office.office_specialist, wf)


def test_the_delegate_sees_and_acts_during_the_dates_only(office, wf):
    assert not reads(office.office_specialist, wf)
    delegate(office, start_offset=1)  # starts tomorrow: nothing yet
    assert not reads(office.office_specialist, wf)
    with pytest.raises(NotAllowed):
        services.work_file_act(user=office.office_specialist, work_file=wf, action="start")
    today = timezone.localdate()
    WorkDelegation.objects.create(  # ended yesterday
        from_user=office.specialist,
        to_user=office.office_specialist,
        agency=office.stp,
        start_date=today - timedelta(days=3),
        end_date=today - timedelta(days=1),
    )
    assert not reads(office.office_specialist, wf)
    running = delegate(office)
    assert reads(office.office_specialist, wf)
    wf = services.work_file_act(user=office.office_specialist, work_file=wf, action="start")
    step = wf.steps.last()
    assert (step.from_user, step.on_behalf_of) == (office.office_specialist, office.specialist)
    opinion = contents.add_opinion(user=office.office_specialist, work_file=wf, text="Thay mặt")
    assert opinion.on_behalf_of == office.specialist
    delegations.revoke_delegation(user=office.specialist, delegation_id=running.pk)
    assert not reads(office.office_specialist, wf)


def test_a_delegation_covers_only_the_delegators_own_files(office, wf):
    other = open_file(office, in_charge=office.head, title="Việc của trưởng phòng")
    delegate(office)
    assert reads(office.office_specialist, wf)
    assert not reads(office.office_specialist, other)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start_offset": 3, "end_offset": 1}, "sau hoặc bằng ngày bắt đầu"),
        ({"start_offset": -5, "end_offset": -2}, "đã qua"),
        ({"to_user": "specialist"}, "chính mình"),
        ({"to_user": "other_clerk"}, "phải là cán bộ của"),
    ],
)
def test_bad_delegations_are_refused_in_vietnamese(office, kwargs, message):
    if "to_user" in kwargs:
        kwargs["to_user"] = getattr(office, kwargs["to_user"])
    with pytest.raises(WorkFileError, match=message):
        delegate(office, **kwargs)
    assert not WorkDelegation.objects.exists()


def test_only_the_delegator_revokes(office):
    row = delegate(office)
    with pytest.raises(NotAllowed):
        delegations.revoke_delegation(user=office.office_specialist, delegation_id=row.pk)
    with pytest.raises(NotAllowed):
        delegations.create_delegation(
            user=office.other_clerk,
            to_user=office.other_leader,
            agency=office.stp,
            start_date=timezone.localdate(),
            end_date=timezone.localdate(),
        )


def test_opening_from_a_document_the_user_may_not_read_is_404(office):
    secret = document(office, confidentiality=Confidentiality.SECRET)
    with pytest.raises(DocumentNotFound):
        open_file(office, user=office.specialist, in_charge=None, from_document=secret)
    readable = document(office)
    wf = open_file(office, user=office.leader, from_document=readable)
    assert list(wf.links.values_list("document_id", "role")) == [(readable.pk, LinkRole.INCOMING)]
    assert WorkFile.objects.count() == 1


def test_a_specialist_may_not_put_someone_else_in_charge(office):
    with pytest.raises(NotAllowed, match="Chỉ lãnh đạo"):
        open_file(office, user=office.specialist, in_charge=office.office_specialist)
    with pytest.raises(NotAllowed, match="không công tác tại"):
        open_file(office, user=office.other_clerk, in_charge=None)
    with pytest.raises(WorkFileError, match="Thời hạn phải từ 1"):
        open_file(office, deadline_days=0)
    with pytest.raises(WorkFileError, match="Tiêu đề hồ sơ không được để trống"):
        open_file(office, title="   ")
    assert not WorkFile.objects.exists()


def test_linking_documents(office, wf):
    incoming = document(office)
    link = contents.link_document(user=office.leader, work_file=wf, document_id=incoming.pk)
    assert link.role == LinkRole.INCOMING
    with pytest.raises(WorkFileError, match="đã có trong hồ sơ"):
        contents.link_document(user=office.leader, work_file=wf, document_id=incoming.pk)
    second = open_file(office, title="Hồ sơ thứ hai")
    contents.link_document(user=office.leader, work_file=second, document_id=incoming.pk)
    assert WorkFileLink.objects.filter(document=incoming).count() == 2  # one document, two files
    sent = document(office, Direction.OUTGOING, state="sent")
    assert contents.link_document(user=office.leader, work_file=wf, document_id=sent.pk).role == (
        LinkRole.OUTGOING
    )
    foreign = document(office, agency=office.sxd)
    with pytest.raises(DocumentNotFound):  # not the leader's to read
        contents.link_document(user=office.leader, work_file=wf, document_id=foreign.pk)
    with pytest.raises(NotAllowed):  # the clerk reads the file but takes no part in it
        contents.link_document(user=office.clerk, work_file=wf, document_id=document(office).pk)


def test_participants_deadline_and_roles(office):
    wf = open_file(office, now=timezone.now())
    with pytest.raises(WorkFileError, match="vượt hạn hồ sơ"):
        contents.add_participant(
            user=office.head, work_file=wf, person=office.office_specialist, deadline_days=40
        )
    with pytest.raises(NotAllowed):
        contents.add_participant(user=office.clerk, work_file=wf, person=office.office_specialist)
    with pytest.raises(WorkFileError, match="phải là cán bộ của"):
        contents.add_participant(user=office.head, work_file=wf, person=office.other_clerk)
    row = contents.add_participant(
        user=office.head, work_file=wf, person=office.office_specialist, deadline_days=3
    )
    assert row.due_at is not None and row.due_at <= wf.due_at
    with pytest.raises(WorkFileError, match="đã tham gia"):
        contents.add_participant(user=office.head, work_file=wf, person=office.office_specialist)


def test_opinions_reply_and_forward(office, wf):
    first = contents.add_opinion(user=office.leader, work_file=wf, text="Đề nghị làm gấp")
    reply = contents.add_opinion(
        user=office.specialist, work_file=wf, text="Vâng", reply_to_id=first.pk
    )
    assert reply.reply_to == first
    other = open_file(office, title="Khác")
    with pytest.raises(WorkFileError, match="không thuộc hồ sơ này"):
        contents.add_opinion(
            user=office.specialist, work_file=other, text="x", reply_to_id=first.pk
        )
    with pytest.raises(WorkFileError, match="không được để trống"):
        contents.add_opinion(user=office.specialist, work_file=wf, text="  ")
    with pytest.raises(WorkFileError, match="chưa tham gia hồ sơ"):
        contents.forward_opinion(
            user=office.specialist,
            work_file=wf,
            opinion_id=first.pk,
            to_user=office.office_specialist,
        )
    contents.add_participant(user=office.head, work_file=wf, person=office.office_specialist)
    fwd = contents.forward_opinion(
        user=office.specialist, work_file=wf, opinion_id=first.pk, to_user=office.office_specialist
    )
    assert (fwd.forwarded_from, fwd.addressed_to) == (first, office.office_specialist)


def test_progress_bounds_and_who(office, wf):
    for bad in ("101", "-1", "nhiều"):
        with pytest.raises(WorkFileError, match="từ 0 đến 100"):
            contents.set_progress(user=office.specialist, work_file=wf, progress=bad)
    with pytest.raises(NotAllowed):
        contents.set_progress(user=office.clerk, work_file=wf, progress=50)
    assert contents.set_progress(user=office.specialist, work_file=wf, progress=40).progress == 40


def test_a_participant_reports_their_part_done_once(office, wf):
    with pytest.raises(NotAllowed):
        contents.participant_done(user=office.office_specialist, work_file=wf)
    contents.add_participant(user=office.head, work_file=wf, person=office.office_specialist)
    row = contents.participant_done(user=office.office_specialist, work_file=wf)
    assert row.done_at is not None
    with pytest.raises(WorkFileError, match="đã báo hoàn thành"):
        contents.participant_done(user=office.office_specialist, work_file=wf)
