"""A dossier's papers (thành phần hồ sơ) at reception, for the Bộ chỉ số 766 digitisation
group (Quyết định 766/QĐ-TTg; Thông tư 01/2023/TT-VPCP on digitising dossiers and results and
reusing digitised data). Read by the counting rules of tinhso.statistics.services, the same
way for the incremental count and the rebuild.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min

from tinhso.dossiers.constants import Action, FileKind
from tinhso.dossiers.models import DossierComponent, DossierEvent, DossierFile

PAPER_KINDS = (FileKind.COMPONENT, FileKind.SCAN, FileKind.SUPPLEMENT)


@dataclass(frozen=True)
class Papers:
    """A dossier's papers at reception (Bộ chỉ số 766, số hóa; Thông tư 01/2023/TT-VPCP):
    components = the required papers and the optional ones handed in electronically;
    digitised = those with an electronic copy (uploaded, scanned at the counter or supplied);
    reused = those taken from the applicant's data store (recorded on the submission)."""

    components: int = 0
    digitised: int = 0
    reused: int = 0


def papers_at(
    components: list[tuple[int, bool]],
    first_file: dict[int, datetime],
    reused: set[int],
    at: datetime,
) -> Papers:
    """Papers of one dossier at its reception `at`, from (component id, required) pairs, the
    first electronic file of each component and the components reused."""

    def filed(pk: int) -> bool:
        return pk in first_file and first_file[pk] <= at

    counted = [pk for pk, required in components if required or filed(pk)]
    digitised = [pk for pk in counted if filed(pk)]
    return Papers(len(counted), len(digitised), len([pk for pk in counted if pk in reused]))


def papers_sources(ids: Iterable[int]) -> tuple[dict, dict, dict]:
    """(dossier → [(component, required)], component → first file, dossier → reused ids)."""
    ids = list(ids)
    components: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for pk, dossier_id, required in DossierComponent.objects.filter(dossier_id__in=ids).values_list(
        "id", "dossier_id", "required"
    ):
        components[dossier_id].append((pk, required))
    first_file = dict(
        DossierFile.objects.filter(
            dossier_id__in=ids, component__isnull=False, kind__in=PAPER_KINDS
        )
        .values("component_id")
        .annotate(first=Min("uploaded_at"))
        .values_list("component_id", "first")
    )
    reused: dict[int, set[int]] = {}
    for dossier_id, data in DossierEvent.objects.filter(
        dossier_id__in=ids, action=Action.SUBMIT
    ).values_list("dossier_id", "data"):
        found = (data or {}).get("reused_components") or []
        reused[dossier_id] = {int(c) for c in found if str(c).isdigit()}
    return components, first_file, reused
