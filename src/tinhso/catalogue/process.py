"""The processing steps of a procedure version, and the default process.

Nghị định 118/2025/NĐ-CP: after reception at the one-stop unit the dossier is handed to
the competent body (and between bodies for một cửa liên thông), appraised, approved and the
result returned. Each step has a time allotment; together they make the legal time limit.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from tinhso.catalogue.constants import TimeLimitUnit
from tinhso.catalogue.models import ProcedureVersion, ProcessStep
from tinhso.organisation.models import Agency, Department
from tinhso.organisation.roles import Role


@dataclass(frozen=True)
class StepPlan:
    order: int
    name: str
    role: str
    allotted: Decimal
    agency: Agency | None = None
    department: Department | None = None


def default_plan(version: ProcedureVersion) -> list[StepPlan]:
    """Specialist appraisal, then the agency leader's approval (the leader keeps a quarter
    of the time, at most one working day)."""
    total = Decimal(version.time_limit_value)
    in_hours = version.time_limit_unit == TimeLimitUnit.HOURS
    leader = total / 4 if in_hours else min(Decimal(1), total / 4)
    leader = leader.quantize(Decimal("0.01"))
    return [
        StepPlan(1, "Thụ lý, thẩm định hồ sơ", Role.SPECIALIST, total - leader),
        StepPlan(2, "Phê duyệt kết quả", Role.AGENCY_LEADER, leader),
    ]


def plan_of(version: ProcedureVersion) -> list[StepPlan]:
    """The configured steps of a version, or the default process when none are configured."""
    steps = list(version.process_steps.select_related("agency", "department"))
    if not steps:
        return default_plan(version)
    return [StepPlan(s.order, s.name, s.role, s.allotted, s.agency, s.department) for s in steps]


def validate_steps(version: ProcedureVersion, steps: list[ProcessStep]) -> None:
    """The allotments add up to the legal limit; roles are known; departments match agencies."""
    errors = []
    total = sum((s.allotted for s in steps), Decimal(0))
    if steps and total != version.time_limit_value:
        errors.append(
            f"Tổng thời gian các bước ({total.normalize():f}) phải bằng thời hạn giải quyết "
            f"({version.time_limit_value.normalize():f} {version.get_time_limit_unit_display()})."
        )
    for s in steps:
        if s.role not in Role.values:
            errors.append(f"Bước {s.order}: vai trò '{s.role}' không hợp lệ.")
        if s.allotted < 0:
            errors.append(f"Bước {s.order}: thời gian được giao không được âm.")
        if s.department_id and s.agency_id and s.department.agency_id != s.agency_id:
            errors.append(f"Bước {s.order}: phòng, ban không thuộc cơ quan thực hiện.")
    if errors:
        raise ValidationError(errors)
