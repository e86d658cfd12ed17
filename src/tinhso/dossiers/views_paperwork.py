"""Printable forms of a dossier (Mẫu 01–06) and the register of dossiers (Mẫu 07)."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tinhso.accounts.access import staff_required
from tinhso.dossiers import access, paperwork
from tinhso.organisation.models import Agency
from tinhso.printing import render as printing
from tinhso.privacy.constants import AccessKind
from tinhso.privacy.services import log_access

MAX_REGISTER_DAYS = 366


@staff_required
def form_pdf(request: HttpRequest, code: str, form: str) -> HttpResponse:
    dossier = access.readable_dossier(request.user, code)
    personal = access.user_sees_personal_data(request.user, dossier)
    pdf = paperwork.form_pdf(dossier, form, personal=personal)
    if pdf is None:
        raise Http404("Hồ sơ này chưa có biểu mẫu đó.")
    # Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP: every staff read of personal data is logged.
    log_access(request.user, dossier, AccessKind.FORM, request, detail=form, personal=personal)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-{form}-{dossier.code}.pdf"'
    return response


class RegisterForm(forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    start = forms.DateField(
        label="Từ ngày",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label="Đến ngày",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    format = forms.ChoiceField(
        label="Định dạng",
        choices=[("html", "Xem"), ("pdf", "PDF"), ("xlsx", "Excel (.xlsx)")],
        required=False,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "Ngày kết thúc phải sau ngày bắt đầu.")
            elif (end - start).days > MAX_REGISTER_DAYS:
                self.add_error("end", "Mỗi lần xem tối đa một năm.")
        return data


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    agencies = access.register_agencies(request.user)
    today = timezone.localdate()
    initial = {"start": today.replace(day=1), "end": today, "agency": agencies.first()}
    form = RegisterForm(request.GET or None, initial=initial)
    form.fields["agency"].queryset = agencies.order_by("name")
    data = None
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        personal = access.user_sees_register_personal_data(request.user, c["agency"])
        data = paperwork.register_data(c["agency"], c["start"], c["end"], personal=personal)
        name = f"so-theo-doi-{c['agency'].code}-{c['start']:%Y%m%d}-{c['end']:%Y%m%d}"
        if c.get("format") == "pdf":
            response = HttpResponse(printing.register_pdf(data), content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
            return response
        if c.get("format") == "xlsx":
            response = HttpResponse(
                printing.register_xlsx(data),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
    return render(
        request,
        "dossiers/office/register.html",
        {"form": form, "data": data},
        status=400 if form.is_bound and form.errors else 200,
    )
