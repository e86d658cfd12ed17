"""File into the citizens' data stores the returned dossiers' papers not filed yet.

Run after the data store was unavailable when a result was returned; filing is idempotent.
"""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

from tinhso.dossiers.constants import FileKind, Status
from tinhso.dossiers.models import Dossier, DossierFile
from tinhso.mydossiers.models import FiledPaper
from tinhso.mydossiers.services import COMPONENT_KINDS, results_to_store


class Command(BaseCommand):
    help = "Đưa kết quả và giấy tờ của các hồ sơ đã trả kết quả vào kho dữ liệu của người nộp."

    def handle(self, *args, **options) -> None:
        unfiled = DossierFile.objects.filter(
            dossier=OuterRef("pk"), kind__in=(FileKind.RESULT, *COMPONENT_KINDS)
        ).exclude(pk__in=FiledPaper.objects.values("dossier_file_id"))
        dossiers = Dossier.objects.filter(
            Exists(unfiled), status=Status.RETURNED, applicant__isnull=False
        ).select_related("procedure_version", "applicant")
        filed = 0
        for dossier in dossiers.iterator(chunk_size=200):
            filed += results_to_store(dossier)
        self.stdout.write(f"Đã đưa {filed} tệp vào kho dữ liệu.")
