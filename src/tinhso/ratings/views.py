"""The evaluation pages outside Hồ sơ của tôi (issue 12 item 14), thin: rules in
tinhso.ratings.services, .invitations and .access.

- /danh-gia/<token>/: the one-time link sent when the dossier closes; no sign-in.
- /can-bo/ho-so/<code>/danh-gia-tai-quay/: the one-stop officer hands the screen (or tablet)
  to the applicant, who rates there; recorded as "tại quầy".
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from tinhso.accounts.access import AccessDenied, staff_required
from tinhso.dossiers.access import readable_dossier
from tinhso.ratings import invitations
from tinhso.ratings.access import rateable, user_records_counter_rating
from tinhso.ratings.forms import RatingForm
from tinhso.ratings.selectors import rating_of
from tinhso.ratings.services import RatingError, RatingNotAllowed, rating_at_counter

THANKS = "Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ."


def _form_errors(form: RatingForm, exc: RatingError) -> None:
    if not exc.errors:
        form.add_error(None, str(exc))
    for name, message in exc.errors.items():
        form.add_error(name if name in form.fields else None, message)


def link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitations.invitation_open(token)
    if invitation is None:
        return render(request, "ratings/link.html", {"gone": invitations.EXPIRED}, status=404)
    dossier = invitation.dossier
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invitations.rating_by_link(
                    token,
                    criteria=form.answers(),
                    comment=form.cleaned_data["comment"],
                    request=request,
                )
            except RatingError as exc:
                _form_errors(form, exc)
                status = 409 if exc.conflict else 400
            else:
                return render(request, "ratings/link.html", {"thanks": THANKS, "dossier": dossier})
    return render(
        request,
        "ratings/link.html",
        {"dossier": dossier, "form": form, "action": request.path},
        status=status,
    )


@staff_required
def counter(request: HttpRequest, code: str) -> HttpResponse:
    dossier = readable_dossier(request.user, code)
    if not user_records_counter_rating(request.user, dossier):
        raise AccessDenied(
            "Chỉ công chức Bộ phận Một cửa nơi tiếp nhận hồ sơ mở được trang đánh giá tại quầy."
        )
    allowed = rateable(dossier)
    form = RatingForm(request.POST or None)
    status = 200
    if not allowed:
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rating_at_counter(
                    dossier,
                    criteria=form.answers(),
                    comment=form.cleaned_data["comment"],
                    officer=request.user,
                    request=request,
                )
            except RatingError as exc:
                _form_errors(form, exc)
                status = 403 if isinstance(exc, RatingNotAllowed) else 409 if exc.conflict else 400
            else:
                messages.success(request, "Đã ghi nhận đánh giá tại quầy của người nộp.")
                return redirect("dossiers:office_dossier", code=dossier.code)
    return render(
        request,
        "ratings/counter.html",
        {
            "dossier": dossier,
            "form": form,
            "allowed": allowed,
            "rating": rating_of(dossier),
            "action": reverse("ratings:counter", args=[dossier.code]),
        },
        status=status,
    )
