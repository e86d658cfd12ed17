"""Searching documents on every metadata field and the full text (issue 14, item 6).

Nghị định 30/2020/NĐ-CP, Phụ lục VI §III: the system searches documents "theo các trường
thông tin" and by full text, and exports the results. Every search starts from
`tinhso.documents.access.readable_documents(user)`: nobody finds what they may not read.

Text matching is diacritic-insensitive on both databases: the query and the stored text are
folded alike (`tinhso.core.text.fold`); see `tinhso.documents.models.search` for the index
(PostgreSQL: GIN on the stored tsvector column; SQLite: LIKE on the folded column).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet

from tinhso.core.text import fold
from tinhso.documents.access import agency_scope, readable_documents, reads_whole_books
from tinhso.documents.kinds import BY_CODE
from tinhso.documents.models import Document, DocumentSearchText

MAX_WORDS = 12  # a longer query is cut: each word is one more condition
_TSQUERY_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class IndexRow:
    folded: str
    subject: str
    organ: str
    signer: str


def index_row(document: Document) -> IndexRow:
    """The folded text of one document: what every search word is looked for in."""
    kind = BY_CODE.get(document.doc_type)
    parts = [
        document.code_number,
        document.code_notation,
        document.number_and_symbol,
        kind.name if kind else "",
        kind.abbreviation if kind else "",
        document.subject,
        document.organ_name,
        document.signer_name,
        document.signer_position,
        document.description,
        document.full_text,
    ]
    return IndexRow(
        folded=fold(" ".join(p for p in parts if p)),
        subject=fold(document.subject)[:500],
        organ=fold(document.organ_name)[:200],
        signer=fold(document.signer_name)[:50],
    )


def reindex(documents: Iterable[Document] | QuerySet[Document] | None = None) -> int:
    """Rebuild the index rows of the given documents (all when None); returns how many."""
    qs = documents if documents is not None else Document.objects.all()
    if isinstance(qs, QuerySet):
        qs = qs.iterator(chunk_size=2000)
    count = 0
    batch: list[DocumentSearchText] = []
    for document in qs:
        row = index_row(document)
        batch.append(
            DocumentSearchText(
                document=document,
                folded=row.folded,
                subject=row.subject,
                organ=row.organ,
                signer=row.signer,
                agency=document.agency_id,
            )
        )
        if len(batch) >= 2000:
            count += _upsert(batch)
            batch = []
    if batch:
        count += _upsert(batch)
    return count


def update_documents(documents: QuerySet[Document], **values: Any) -> int:
    """`documents.update(**values)` that keeps the search index: QuerySet.update() sends no
    post_save, so the rows it changed are reindexed here. Returns how many rows changed."""
    ids = list(documents.values_list("pk", flat=True))
    changed = documents.update(**values)
    if ids:
        reindex(Document.objects.filter(pk__in=ids))
    return changed


def _upsert(rows: list[DocumentSearchText]) -> int:
    DocumentSearchText.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["document"],
        update_fields=["folded", "subject", "organ", "signer", "agency"],
    )
    return len(rows)


class VectorMatch(Func):
    """`<stored tsvector> @@ to_tsquery('simple', <words>)`, and `&& '@a<id>' | …` for the
    agencies' tokens (models.search.FoldedVector) when given: the column of the GIN index
    documents_search_vector_gin (migration 0006). A row checked outside the index reads its
    stored words instead of parsing its text again."""

    output_field = BooleanField()

    def __init__(
        self, vector: Any, query: str, agencies: list[int] | None = None, indexed: bool = True
    ) -> None:
        super().__init__(vector)
        self.query = query
        self.agencies = agencies or []
        self.indexed = indexed

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        vector, params = compiler.compile(self.source_expressions[0])
        words_sql = "to_tsquery('simple'::regconfig, %s)"
        if not self.indexed:  # the function of @@: the same test, which no index answers
            return f"ts_match_vq({vector}, {words_sql})", (*params, self.query)
        if not self.agencies:
            return f"{vector} @@ {words_sql}", (*params, self.query)
        tokens = " | ".join(f"'@a{int(pk)}'" for pk in self.agencies)  # quoted lexemes
        return f"{vector} @@ ({words_sql} && %s::tsquery)", (*params, self.query, tokens)


def words(text: str) -> list[str]:
    """Distinct folded words of a query (at most MAX_WORDS), in order."""
    seen: dict[str, None] = {}
    for word in _TSQUERY_WORD.findall(fold(text)):
        seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


def full_text_ids(text: str) -> QuerySet[DocumentSearchText]:
    """Index rows whose folded text holds every word of `text` (as a whole word on
    PostgreSQL, as a substring on SQLite)."""
    found = words(text)
    return DocumentSearchText.objects.filter(_text_condition(found, ""))


def _text_condition(
    found: list[str], prefix: str, agencies: list[int] | None = None, indexed: bool = True
) -> Q:
    """Every word of `found` in the folded text of the index row at `prefix` (and, on
    PostgreSQL, the row of a document of one of `agencies` when given; `indexed=False`: in
    a form the GIN index does not answer)."""
    if not found:
        return Q()
    if connection.vendor == "postgresql":
        # Whole words, not prefixes ("cai:*"): a prefix query makes PostgreSQL recheck every
        # hit by re-parsing its text (measured 83 ms against 15 ms for 4,000 hits of 100,000).
        query = " & ".join(found)  # words are [0-9a-z]+ only: safe in to_tsquery
        return Q(VectorMatch(F(f"{prefix}vector"), query, agencies, indexed))
    condition = Q()
    for word in found:
        condition &= Q(**{f"{prefix}folded__contains": word})
    return condition


def _phrase(field: str, text: str) -> Q:
    """The folded words of `text`, next to each other in that order, in one short field
    (issuer, subject, signer). LIKE on both databases: measured on PostgreSQL with 100,000
    documents, a GIN phrase index on these fields made the planner start from an issuer that
    one document in nine has (150 ms), where LIKE lets the date and type narrow first (35 ms)."""
    found = words(text)
    if not found:
        return Q()
    return Q(**{f"search_text__{field}__contains": " ".join(found)})


@dataclass
class Criteria:
    """What a search asks; blank fields ask nothing."""

    q: str = ""  # full text and every text field
    number: str = ""  # "15", "15/QĐ-UBND" or "QĐ-UBND"
    doc_type: str = ""
    issuer: str = ""  # OrganName
    subject: str = ""
    signer: str = ""
    date_from: date | None = None  # IssuedDate
    date_to: date | None = None
    urgency: str = ""
    direction: str = ""
    state: str = ""
    book: int | None = None

    def is_empty(self) -> bool:
        return not any(
            (
                self.q.strip(),
                self.number.strip(),
                self.doc_type,
                self.issuer.strip(),
                self.subject.strip(),
                self.signer.strip(),
                self.date_from,
                self.date_to,
                self.urgency,
                self.direction,
                self.state,
                self.book,
            )
        )


def _number_variants(code: str) -> set[str]:
    """ "5", "05" and "005" are the same number: numbers below 10 are written "05"."""
    digits = code.lstrip("0") or "0"
    return {code, digits, digits.zfill(2)}


def _number_condition(number: str) -> Q:
    """ "15/QĐ-UBND" → number 15 and symbol QĐ-UBND; "15" → number; "QĐ-UBND" → symbol."""
    number = number.strip()
    if "/" in number:
        code, notation = (p.strip() for p in number.split("/", 1))
        condition = Q(code_notation__iexact=notation) if notation else Q()
        if code:
            condition &= Q(code_number__in=_number_variants(code))
        return condition
    if number.isdigit():
        return Q(code_number__in=_number_variants(number))
    return Q(code_notation__icontains=number)


def search(user: Any, criteria: Criteria) -> QuerySet[Document]:
    """The documents `user` may read that match every criterion, newest first."""
    qs = readable_documents(user)
    c = criteria
    if c.number.strip():
        qs = qs.filter(_number_condition(c.number))
    if c.doc_type:
        qs = qs.filter(doc_type=c.doc_type)
    for field, text in (("organ", c.issuer), ("subject", c.subject), ("signer", c.signer)):
        if text.strip():
            qs = qs.filter(_phrase(field, text))
    if c.date_from:
        qs = qs.filter(issued_date__gte=c.date_from)
    if c.date_to:
        qs = qs.filter(issued_date__lte=c.date_to)
    for field, value in (("urgency", c.urgency), ("direction", c.direction), ("state", c.state)):
        if value:
            qs = qs.filter(**{field: value})
    if c.book:
        qs = qs.filter(book_id=c.book)
    counted = None
    if c.q.strip():
        scope = agency_scope(user)
        listed, tested = _full_text(c.q, scope, walk=scope is None or reads_whole_books(user))
        counted, qs = qs.filter(tested), qs.filter(listed)
    results = qs.select_related("book").order_by("-issued_date", "-pk")
    if counted is not None:
        results.count_source = counted  # type: ignore[attr-defined]  # read by CappedResults
    return results


FEW_HITS = 2000  # up to this many documents hold the words: start from them (GIN first)


def _full_text(text: str, agencies: list[int] | None, walk: bool) -> tuple[Q, Q]:
    """The conditions of the full-text words on documents: one to list a page newest first,
    one to count the hits (CappedResults). They differ for many hits only.

    PostgreSQL's statistics know the frequent words only: any other one is guessed at 0.5 %
    of the rows (5,000 of 1,000,000), so for a rare word or a document's number it walked the
    readable documents newest first, checking each (1 s at 1,000,000 documents). The index is
    asked first for up to FEW_HITS + 1 hits (a few ms): with fewer, their ids are the
    condition (bench/documents_million_bench.py).

    `agencies` (documents.access.agency_scope): every document the user may read is theirs,
    so the index itself keeps their documents only (the token '@a<id>').

    Many hits, and `walk` (the user reads whole books, or everything): the words of a phrase
    come together but PostgreSQL multiplies their frequencies (26,000 hits guessed 929), so it
    fetched every hit from the GIN index to sort them (300–650 ms). The page is listed with the
    test in a form no index answers: PostgreSQL walks the newest documents (doc_agency_issued,
    doc_issued_newest) and stops at the page; the count keeps the indexed form, which stops at
    the cap. A head or specialist reads a few thousand documents: the indexed form serves both."""
    found = words(text)
    if not found:
        indexed = Q(search_text__isnull=False)  # a query of no word: every indexed document
        return indexed, indexed
    if connection.vendor != "postgresql":
        condition = _text_condition(found, "search_text__")
        return condition, condition
    rows = DocumentSearchText.objects.filter(_text_condition(found, "", agencies))
    hits = list(rows.values_list("document_id", flat=True)[: FEW_HITS + 1])
    if len(hits) <= FEW_HITS:
        return Q(pk__in=hits), Q(pk__in=hits)
    tested = _text_condition(found, "search_text__", agencies)
    if walk:
        return _text_condition(found, "search_text__", indexed=False), tested
    return tested, tested


COUNT_CAP = 1000  # "hơn 1.000 văn bản": counting every hit of a common word costs more than


class CappedResults:
    """Search results for a Paginator, counted up to COUNT_CAP + 1 only (no sort to count)."""

    def __init__(self, results: QuerySet[Document], cap: int = COUNT_CAP) -> None:
        self.results = results
        self.cap = cap
        # search() may give the same documents in a form that counts faster (_full_text)
        source = getattr(results, "count_source", results)
        self.total = source.order_by()[: cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.total > self.cap

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key: Any) -> Any:
        return self.results[key]
