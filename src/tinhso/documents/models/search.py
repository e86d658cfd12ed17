"""The search index of documents (issue 14, item 6): one row per document, folded text.

Phụ lục VI §III of Nghị định 30/2020/NĐ-CP asks for search "on every metadata field and the
full text". Vietnamese is typed with and without diacritics, so what is searched is the text
folded by `tinhso.core.text.fold` ("Quyết định" → "quyet dinh"), computed in Python for the
stored text and for the query alike. The same code then works on both databases:

- PostgreSQL: the stored column `vector` (to_tsvector('simple', folded) and the agency's token,
  FoldedVector below) with the GIN index documents_search_vector_gin (migrations 0003, 0006)
  answers `@@ to_tsquery('simple', 'quyet & dinh')`.
  The 'simple' configuration does no stemming (Vietnamese has none to do) and, because the
  text is already folded, no `unaccent` extension is needed — creating an extension needs a
  privileged database role that a province's hosting rarely gives the application.
- SQLite: the same `folded` column with LIKE '%word%' for each word.

The row is kept by a post_save signal on Document (below) and can be rebuilt with
`manage.py documents_reindex`; code that changes documents with `QuerySet.update()` calls
`tinhso.documents.search.reindex(ids)`.
"""

from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver

from tinhso.documents.models.base import Document

# The Document fields tinhso.documents.search.index_row reads.
INDEXED_FIELDS = frozenset(
    {
        "code_number",
        "code_notation",
        "doc_type",
        "subject",
        "organ_name",
        "signer_name",
        "signer_position",
        "description",
        "full_text",
    }
)


class FoldedVector(models.Func):
    """PostgreSQL: the words of `folded` and one token `@a<agency id>`, stored, so that
    checking a row against a query reads the words instead of parsing the text again, ANALYZE
    keeps statistics of the words (the planner knows a common word from a rare one), and the
    GIN index answers "these words in this agency's documents" by itself (a clerk's search).
    The token cannot match a typed word: query words are [0-9a-z]+ (documents.search.words).
    SQLite has no tsvector and searches `folded` with LIKE: the column stays empty there."""

    output_field = SearchVectorField()

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        return "NULL", []

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        folded, folded_params = compiler.compile(self.source_expressions[0])
        agency, agency_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"to_tsvector('simple'::regconfig, {folded}) || "
            f"array_to_tsvector(ARRAY['@a' || coalesce({agency}, 0)::text])"
        )
        return sql, (*folded_params, *agency_params)


class DocumentSearchText(models.Model):
    document = models.OneToOneField(
        Document, primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    # number, symbol, type, subject, issuer, signer, description and the full text, folded
    folded = models.TextField(blank=True)
    subject = models.CharField(max_length=500, blank=True)  # folded Subject
    organ = models.CharField(max_length=200, blank=True)  # folded OrganName
    signer = models.CharField(max_length=50, blank=True)  # folded SignerInfo.FullName
    # the document's agency (Document.agency_id, which does not change), for the token in `vector`
    agency = models.IntegerField(null=True, blank=True)
    # kept by the database from `folded` and `agency` (GIN documents_search_vector_gin, PG)
    vector = models.GeneratedField(
        expression=FoldedVector("folded", "agency"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = "chỉ mục tìm kiếm văn bản"
        verbose_name_plural = "chỉ mục tìm kiếm văn bản"

    def __str__(self) -> str:
        return f"Chỉ mục văn bản {self.document_id}"


@receiver(post_save, sender=Document, dispatch_uid="documents_search_index")
def _index_on_save(sender: Any, instance: Document, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures: reindex afterwards
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not INDEXED_FIELDS.intersection(update_fields):
        # state, number, version…: nothing searched changed. Registering an incoming document
        # saves three times; two index upserts fewer (bench/documents_million_bench.py).
        return
    from tinhso.documents.search import index_row

    row = index_row(instance)
    DocumentSearchText.objects.update_or_create(
        document=instance,
        defaults={
            "folded": row.folded,
            "subject": row.subject,
            "organ": row.organ,
            "signer": row.signer,
            "agency": instance.agency_id,
        },
    )
