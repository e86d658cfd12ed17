"""Pages of work files (/can-bo/ho-so-cong-viec/), delegations (/can-bo/uy-quyen/) and the
leaders' panel (/can-bo/dieu-hanh/van-ban/). Thin: access.py says who reads what, services
and contents change things, workflow.py says which actions are offered."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tinhso.accounts.access import AccessDenied
from tinhso.accounts.models import User
from tinhso.documents.access import readable_document
from tinhso.workfiles import access, contents, delegations, leaders, selectors, services
from tinhso.workfiles.forms import DelegationForm, WorkFileForm
from tinhso.workfiles.models import ParticipantRole, WorkFile
from tinhso.workfiles.workflow import NotAllowed, TransitionError, allowed_actions


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _me(request: HttpRequest) -> User:
    """The signed-in officer (login_required and check_user_is_staff ran before)."""
    return cast(User, request.user)


def _user(pk: Any) -> User | None:
    number = _int(pk)
    return User.objects.filter(pk=number).first() if number else None


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Hồ sơ công việc của tôi: open files, nearest deadline first, with deadline marks."""
    access.check_user_is_staff(request.user)
    scope = "agency" if request.GET.get("pham_vi") == "co-quan" else ""
    closed = request.GET.get("trang_thai") == "da-xong"
    files = selectors.my_work_files(request.user, scope, closed)[:200]
    return render(
        request,
        "workfiles/mine.html",
        {
            "files": selectors.with_marks(files),
            "scope": scope,
            "closed": closed,
            "delegations": access.active_delegations(request.user),
        },
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Open a work file, optionally from an incoming document (?van_ban=<id>, which the user
    must be able to read: 404 otherwise) or as a sub-task (?cha=<id>)."""
    access.check_user_is_staff(request.user)
    document = parent = None
    if (doc_id := _int(request.GET.get("van_ban"))) is not None:
        document = readable_document(request.user, doc_id)
    if (parent_id := _int(request.GET.get("cha"))) is not None:
        parent = access.readable_work_file(request.user, parent_id)
    initial = {"title": document.subject[:300]} if document else {}
    form = WorkFileForm(request.POST or None, user=_me(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wf = services.create_work_file(
                user=_me(request),
                agency=data["agency"],
                title=data["title"],
                deadline_days=data["deadline_days"],
                department=data["department"],
                in_charge=data["in_charge"],
                parent=parent,
                description=data["description"],
                from_document=document,
                request=request,
            )
        except NotAllowed as exc:
            raise AccessDenied(str(exc)) from exc
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã mở hồ sơ công việc {wf.code}.")
            return redirect("workfiles:detail", wf.pk)
    return render(
        request, "workfiles/new.html", {"form": form, "document": document, "parent": parent}
    )


def _post_on_detail(request: HttpRequest, wf: WorkFile) -> str:
    """One of the detail page's small forms; returns the success message."""
    what, user, post = request.POST.get("thao_tac", ""), _me(request), request.POST
    if what == "y_kien":
        contents.add_opinion(
            user=user,
            work_file=wf,
            text=post.get("noi_dung", ""),
            reply_to_id=_int(post.get("tra_loi")),
            request=request,
        )
        return "Đã gửi ý kiến."
    if what == "chuyen_y_kien":
        to = _user(post.get("nguoi_nhan"))
        if to is None:
            raise services.WorkFileError("Hãy chọn người nhận ý kiến.")
        contents.forward_opinion(
            user=user,
            work_file=wf,
            opinion_id=_int(post.get("y_kien")) or 0,
            to_user=to,
            note=post.get("noi_dung", ""),
            request=request,
        )
        return "Đã chuyển ý kiến."
    if what == "tien_do":
        contents.set_progress(
            user=user, work_file=wf, progress=post.get("tien_do"), request=request
        )
        return "Đã cập nhật tiến độ."
    if what == "gan_van_ban":
        doc_id = _int(post.get("van_ban"))
        if doc_id is None:
            raise services.WorkFileError("Hãy nhập mã (số hiệu nội bộ) của văn bản.")
        contents.link_document(user=user, work_file=wf, document_id=doc_id, request=request)
        return "Đã gắn văn bản vào hồ sơ."
    if what == "phoi_hop":
        person = _user(post.get("nguoi"))
        if person is None:
            raise services.WorkFileError("Hãy chọn người tham gia.")
        contents.add_participant(
            user=user,
            work_file=wf,
            person=person,
            role=post.get("vai_tro", ParticipantRole.COORDINATE),
            deadline_days=post.get("thoi_han") or None,
            request=request,
        )
        return "Đã thêm người tham gia."
    if what == "xong_phan_viec":
        contents.participant_done(user=user, work_file=wf, request=request)
        return "Đã báo hoàn thành phần việc."
    raise services.WorkFileError("Thao tác không hợp lệ.")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_user_is_staff(request.user)
    wf = access.readable_work_file(request.user, pk)
    if request.method == "POST":
        try:
            messages.success(request, _post_on_detail(request, wf))
        except NotAllowed as exc:
            raise AccessDenied(str(exc)) from exc
        except TransitionError as exc:
            messages.error(request, str(exc))
        return redirect("workfiles:detail", wf.pk)
    wf.mark = selectors.deadline_mark(wf, timezone.now())  # type: ignore[attr-defined]
    actors = access.actors_of(request.user, wf)
    return render(
        request,
        "workfiles/detail.html",
        {
            "wf": wf,
            "actions": allowed_actions(wf, _me(request)),
            "may_undo": services.user_may_undo(_me(request), wf),
            "last_step": services.last_undoable_step(wf),
            "links": selectors.links_for(request.user, wf),
            "subtasks": selectors.subtasks_of(wf),
            "participants": wf.participants.select_related("user").order_by("pk"),
            "opinions": wf.opinions.select_related(
                "author", "on_behalf_of", "addressed_to", "forwarded_from", "reply_to"
            ),
            "steps": selectors.timeline_of(wf),
            "staff": access.agency_staff(wf.agency_id),
            "works": bool(actors & access.WORKERS) and selectors.is_open(wf),
            "manages": bool(actors & access.MANAGERS) and selectors.is_open(wf),
            "roles": ParticipantRole.choices,
            "my_part": wf.participants.filter(user=_me(request), done_at__isnull=True).first(),
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    access.check_user_is_staff(request.user)
    wf = access.readable_work_file(request.user, pk)
    try:
        wf = services.work_file_act(
            user=_me(request),
            work_file=wf,
            action=action,
            note=request.POST.get("note", ""),
            to_user=_user(request.POST.get("to_user")),
            expected_version=_int(request.POST.get("version")),
            request=request,
        )
    except NotAllowed as exc:
        raise AccessDenied(str(exc)) from exc
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Hồ sơ {wf.code}: {wf.get_state_display()}.")
    return redirect("workfiles:detail", wf.pk)


@login_required
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_user_is_staff(request.user)
    wf = access.readable_work_file(request.user, pk)
    try:
        services.undo_last_step(user=_me(request), work_file=wf, request=request)
    except TransitionError as exc:  # NotAllowed too: shown on the page, nothing changed
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã hoàn tác bước chuyển gần nhất.")
    return redirect("workfiles:detail", wf.pk)


@login_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    """Ủy quyền: the user's delegations given and received, and a form for a new one."""
    access.check_user_is_staff(request.user)
    form = DelegationForm(request.POST or None, user=_me(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegations.create_delegation(user=_me(request), request=request, **data)
        except NotAllowed as exc:
            raise AccessDenied(str(exc)) from exc
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã ủy quyền.")
            return redirect("workfiles:delegations")
    rows = list(delegations.delegations_of(_me(request)))
    today = timezone.localdate()
    for row in rows:
        row.running = (  # type: ignore[attr-defined]
            row.revoked_at is None and row.start_date <= today <= row.end_date
        )
    return render(request, "workfiles/delegations.html", {"form": form, "rows": rows})


@login_required
@require_POST
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    access.check_user_is_staff(request.user)
    try:
        delegations.revoke_delegation(user=_me(request), delegation_id=pk, request=request)
    except NotAllowed as exc:
        raise AccessDenied(str(exc)) from exc
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã thu hồi ủy quyền.")
    return redirect("workfiles:delegations")


@login_required
def panel(request: HttpRequest) -> HttpResponse:
    """Điều hành văn bản: for agency leaders and the province leader (403 for others)."""
    return render(request, "workfiles/panel.html", {"panel": leaders.panel_for(request.user)})
