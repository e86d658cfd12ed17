"""The register of official letters a dossier's decisions issue, and their numbers.

Nghị định 30/2020/NĐ-CP Phụ lục I §II.3 (regulations.md §4.2): a body numbers the documents it
issues in a year from 01 on 1 January to 31 December; number and symbol are unique in the year
and the same on paper and electronically; an electronic document gets its number and time of
issue from the system (Điều 15.3). Symbols (Phụ lục III):

- a notice (thông báo, "TB") of the body: ``05/TB-UBND``, ``05/TB-STP``;
- a công văn (no type abbreviation): body abbreviation + drafting unit, ``12/UBND-VP``.

The refusal notice and Mẫu 05 are thông báo; Mẫu 04 (xin lỗi, đề nghị gia hạn) is written as
a công văn to the applicant. Why: docs/letters.md. Numbers are per issuing agency and year
(Asia/Ho_Chi_Minh), gap-free: the number is taken in the transaction of the decision, under a
lock on the agency-year row, so a rolled-back decision leaves no hole and two decisions at the
same moment never share a number (and the unique constraint would refuse it if they did).
"""

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from tinhso.accounts.models import User
from tinhso.dossiers.constants import LetterKind
from tinhso.dossiers.models import Dossier, DossierEvent, LetterSequence, OfficialLetter
from tinhso.organisation.models import Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Type abbreviation of each kind (Nghị định 30/2020/NĐ-CP Phụ lục III); "" = công văn.
TYPE_OF_KIND: dict[str, str] = {
    LetterKind.REFUSAL_NOTICE: "TB",
    LetterKind.STOP_NOTICE: "TB",
    LetterKind.APOLOGY: "",
}
# The drafting unit of a công văn when the dossier's step names none: the office (Văn phòng).
DEFAULT_DRAFTING_UNIT = "VP"


def _ascii_upper(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.upper()


def agency_abbreviation(agency: Agency) -> str:
    """The body's abbreviation in symbols: Agency.abbreviation; "UBND" for a People's
    Committee; else the initials of its name ("Sở Tư pháp" → "STP")."""
    if agency.abbreviation:
        return agency.abbreviation.strip().upper()
    if agency.kind.startswith("ubnd"):
        return "UBND"
    words = _ascii_upper(agency.short_name or agency.name).split()
    return "".join(w[0] for w in words if w[0].isalpha())[:10] or "CQ"


def letter_symbol(agency: Agency, kind: str, drafting_unit: str = "") -> str:
    """The symbol after the number: "TB-STP" for a notice, "STP-VP" for a công văn."""
    body = agency_abbreviation(agency)
    doc_type = TYPE_OF_KIND[kind]
    if doc_type:
        return f"{doc_type}-{body}"
    unit = _ascii_upper(drafting_unit).replace(" ", "") or DEFAULT_DRAFTING_UNIT
    return f"{body}-{unit}"


def next_letter_number(agency: Agency, year: int) -> int:
    """The agency's next number in `year`; call inside the transaction that issues it."""
    LetterSequence.objects.bulk_create(
        [LetterSequence(agency=agency, year=year, last=0)], ignore_conflicts=True
    )
    sequence = LetterSequence.objects.select_for_update().get(agency=agency, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


@transaction.atomic
def issue_letter(
    *,
    agency: Agency,
    kind: str,
    dossier: Dossier,
    issued_at: datetime,
    signer: User | None,
    signer_name: str,
    signer_position: str = "",
    drafting_unit: str = "",
) -> OfficialLetter:
    """Give the next number of `agency` in the year of `issued_at` (Vietnam time) to a letter
    of `kind` on the dossier, and register it. Runs in the caller's transaction."""
    year = issued_at.astimezone(VN).year
    return OfficialLetter.objects.create(
        agency=agency,
        year=year,
        number=next_letter_number(agency, year),
        symbol=letter_symbol(agency, kind, drafting_unit),
        kind=kind,
        dossier=dossier,
        issued_at=issued_at,
        signer=signer,
        signer_name=signer_name,
        signer_position=signer_position,
    )


def link_event(event: DossierEvent) -> None:
    """Tie the letter a decision numbered (event.data["letter_id"]) to its event."""
    letter_id = event.data.get("letter_id")
    if letter_id:
        OfficialLetter.objects.filter(pk=letter_id, event__isnull=True).update(event=event)


def letter_of_event(event_id: int | None) -> OfficialLetter | None:
    """The letter a decision issued (reprints show its number), if any."""
    if event_id is None:
        return None
    return OfficialLetter.objects.filter(event_id=event_id).first()
