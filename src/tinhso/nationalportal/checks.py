"""The checks a dossier from the national portal must pass before it is received.

Every problem is collected, so the portal learns all of them at once (field, Vietnamese
message). Legal basis is named at each rule.
"""

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.text import get_valid_filename

from tinhso.accounts.constants import AccountKind
from tinhso.accounts.models import User
from tinhso.accounts.validators import (
    normalise_digits,
    validate_cccd,
    validate_phone,
    validate_tax_code,
)
from tinhso.catalogue import selectors as catalogue
from tinhso.catalogue.constants import DeliveryMode, OnlineLevel
from tinhso.catalogue.models import DossierComponentSpec, ProcedureVersion
from tinhso.dossiers import intake
from tinhso.dossiers.constants import FileKind
from tinhso.dossiers.services import NewFile
from tinhso.nationalportal.constants import CLOCK_SKEW_SECONDS, EXTERNAL_ID_PATTERN
from tinhso.nationalportal.schemas import ApplicantIn, PortalDossierIn
from tinhso.organisation.constants import AgencyKind
from tinhso.organisation.models import Agency
from tinhso.organisation.selectors import agency_by_code

Errors = list[tuple[str, str]]


class IntakeRejected(Exception):
    """The dossier cannot be received; `errors` lists (field, Vietnamese message)."""

    def __init__(self, errors: Errors):
        super().__init__("; ".join(message for _, message in errors))
        self.errors = errors


@dataclass
class Checked:
    version: ProcedureVersion
    receiving: Agency
    competent: Agency | None
    account: User | None
    files: list[NewFile] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


def check(data: PortalDossierIn) -> Checked:
    """Everything needed to create the dossier, or IntakeRejected listing every problem."""
    errors: Errors = []
    if not re.fullmatch(EXTERNAL_ID_PATTERN, data.external_id):
        errors.append(
            (
                "external_id",
                "Mã hồ sơ trên Cổng chỉ gồm chữ cái, chữ số và các dấu . _ - /, tối đa 64 ký tự.",
            )
        )
    if data.submitted_at > timezone.now() + timedelta(seconds=CLOCK_SKEW_SECONDS):
        errors.append(("submitted_at", "Thời điểm nộp hồ sơ ở sau thời điểm hiện tại."))
    version = _version(data.procedure_code, errors)
    receiving = _agency(data.receiving_agency, "receiving_agency", errors)
    competent = None
    if version is not None and receiving is not None:
        competent = _competent(data, version, receiving, errors)
    account = _applicant(data.applicant, errors)
    files: list[NewFile] = []
    payload = data.model_dump(mode="json")
    if version is not None:
        _delivery(data, version, errors)
        files = _files(data, version, payload, errors)
    if errors:
        raise IntakeRejected(errors)
    assert version is not None and receiving is not None
    return Checked(version, receiving, competent, account, files, payload)


def _version(code: str, errors: Errors) -> ProcedureVersion | None:
    """The version in force today (the one a dossier received today keeps)."""
    today = timezone.localdate()
    version = catalogue.version_in_force(code, today)
    if version is None:
        if catalogue.version_history(code).exists():
            errors.append(
                (
                    "procedure_code",
                    f"Thủ tục {code} không áp dụng vào ngày {today:%d/%m/%Y} "
                    "(chưa có hiệu lực hoặc đã hết hiệu lực).",
                )
            )
        else:
            errors.append(
                ("procedure_code", f"Không có thủ tục mã '{code}' trong danh mục của tỉnh.")
            )
        return None
    # Nghị định 42/2022/NĐ-CP: only a procedure offered as an online public service may be
    # filed online; the others are filed in person or by post.
    if version.online_level == OnlineLevel.OFFLINE:
        errors.append(
            (
                "procedure_code",
                f"Thủ tục {code} chỉ nộp trực tiếp hoặc qua bưu chính, "
                "không tiếp nhận hồ sơ trực tuyến.",
            )
        )
        return None
    return version


def _agency(code: str, name: str, errors: Errors) -> Agency | None:
    agency = agency_by_code(code)
    if agency is None or not agency.is_active:
        errors.append((name, f"Không có cơ quan đang hoạt động mã định danh '{code}'."))
        return None
    return agency


def _competent(
    data: PortalDossierIn,
    version: ProcedureVersion,
    receiving: Agency,
    errors: Errors,
) -> Agency | None:
    """Who decides. The receiving agency must itself be competent, or be the province's
    public-administration service centre, which receives for every agency (ND 118/2025)."""
    candidates = intake.competent_agencies(version, receiving)
    is_centre = receiving.kind == AgencyKind.TRUNG_TAM_PVHCC
    if receiving not in candidates and not is_centre:
        errors.append(
            (
                "receiving_agency",
                f"{receiving.name} không có thẩm quyền tiếp nhận thủ tục {version.code}.",
            )
        )
        return None
    chosen = None
    if data.competent_agency:
        chosen = _agency(data.competent_agency, "competent_agency", errors)
        if chosen is None:
            return None
    if intake.is_territorial(version):
        # the applicant's commune (address or e-form answer) decides, in dossier_create
        # (intake.competent_agency_for, Nghị định 118/2025/NĐ-CP); `chosen` must agree.
        return chosen
    competent, problem = intake.competent_choice(version, receiving, chosen)
    if chosen is None and competent is None:
        problem = (
            f"Thủ tục {version.code} có nhiều cơ quan có thẩm quyền: "
            "hãy ghi mã định danh cơ quan giải quyết."
        )
    if problem:
        errors.append(
            ("competent_agency", problem.replace("thủ tục này", f"thủ tục {version.code}"))
        )
    return competent


def _applicant(a: ApplicantIn, errors: Errors) -> User | None:
    if not a.name.strip():
        errors.append(("applicant.name", "Hãy ghi họ và tên người nộp hồ sơ."))
    if not a.cccd.strip() and not a.tax_code.strip():
        errors.append(
            (
                "applicant",
                "Cần số CCCD (công dân) hoặc mã số thuế (tổ chức, doanh nghiệp) của người nộp.",
            )
        )
    checks = (
        ("cccd", a.cccd, validate_cccd),
        ("tax_code", a.tax_code, validate_tax_code),
        ("phone", a.phone, validate_phone),
        ("email", a.email, validate_email),
    )
    for name, value, validator in checks:
        if not value.strip():
            continue
        try:
            validator(value.strip())
        except ValidationError as exc:
            message = exc.messages[0] if name != "email" else "Địa chỉ thư điện tử không hợp lệ."
            errors.append((f"applicant.{name}", message))
    return _account(a)


def _account(a: ApplicantIn) -> User | None:
    """The applicant's own account, so they follow the dossier here too: only when the portal
    vouches for the person with an electronic-identity account (VNeID, Nghị định
    69/2024/NĐ-CP — background knowledge, verify) and the number matches an account."""
    if not a.identity_account_id.strip():
        return None
    if a.cccd.strip():
        return User.objects.filter(
            kind=AccountKind.CITIZEN, cccd=normalise_digits(a.cccd), is_active=True
        ).first()
    if a.tax_code.strip():
        return User.objects.filter(
            kind=AccountKind.BUSINESS, tax_code=normalise_digits(a.tax_code), is_active=True
        ).first()
    return None


def _delivery(data: PortalDossierIn, version: ProcedureVersion, errors) -> None:
    mode = data.delivery_mode
    found = intake.delivery_errors(version, mode, data.postal_address)
    if "delivery_mode" in found:
        if mode not in DeliveryMode.values:
            found["delivery_mode"] = (
                "Hình thức nhận kết quả phải là counter, postal hoặc electronic."
            )
        else:
            found["delivery_mode"] = (
                f"Thủ tục {version.code} không trả kết quả theo hình thức "
                f"“{DeliveryMode(mode).label}”."
            )
    errors.extend(found.items())


def _files(
    data: PortalDossierIn, version: ProcedureVersion, payload: dict[str, Any], errors
) -> list[NewFile]:
    """Decode and check every file (type from its bytes, size: tinhso.dossiers.intake); the
    payload keeps each file's name, size and SHA-256 instead of its content."""
    specs: dict[int, DossierComponentSpec] = {s.order: s for s in version.components.all()}
    files: list[NewFile] = []
    given: set[int] = set()
    for i, component in enumerate(data.components):
        spec = specs.get(component.order)
        if spec is None:
            errors.append(
                (
                    f"components.{i}.order",
                    f"Thủ tục {version.code} không có thành phần hồ sơ thứ {component.order}.",
                )
            )
            continue
        given.add(spec.order)
        for j, f in enumerate(component.files):
            where = f"components.{i}.files.{j}"
            upload, summary = _decode(f.name, f.content_base64, where, errors)
            payload["components"][i]["files"][j] = summary
            if upload is None:
                continue
            problem = intake.file_error(upload, spec.file_type_list or None)
            if problem:
                errors.append((where, f"{spec.name}: {problem}"))
                continue
            files.append(NewFile(upload=upload, component_spec_id=spec.pk, kind=FileKind.COMPONENT))
    for spec in specs.values():
        if spec.required and spec.order not in given:
            errors.append(
                (
                    "components",
                    f"Thiếu thành phần hồ sơ bắt buộc thứ {spec.order}: {spec.name}.",
                )
            )
    return files


def _decode(
    name: str, content: str, where: str, errors
) -> tuple[SimpleUploadedFile | None, dict[str, Any]]:
    safe = get_valid_filename(re.split(r"[\\/]", name.strip())[-1]) if name.strip() else ""
    summary: dict[str, Any] = {"name": name}
    if not safe or safe in {".", ".."}:
        errors.append((f"{where}.name", f"Tên tệp “{name}” không hợp lệ."))
        return None, summary
    try:
        raw = base64.b64decode("".join(content.split()), validate=True)
    except (binascii.Error, ValueError):
        errors.append(
            (f"{where}.content_base64", f"Nội dung tệp “{name}” không phải base64 hợp lệ.")
        )
        return None, summary
    summary.update(size=len(raw), sha256=hashlib.sha256(raw).hexdigest())
    # What the portal declares is not trusted: intake derives the type from the bytes.
    return SimpleUploadedFile(safe, raw, content_type="application/octet-stream"), summary
