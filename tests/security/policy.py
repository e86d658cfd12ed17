"""Who may use which route: the policy the permission matrix checks (issue 11, must-have 10).

Every URL name and API operation has one line here (or falls under a namespace's line); a new
route without one fails tests/security/test_permission_matrix.py::test_every_route_has_a_policy.
"""

from dataclasses import dataclass, field
from typing import Any

from .conftest import PERSONAS

# --- who is who -----------------------------------------------------------------------------

EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
APPLICANTS = frozenset({"citizen_a", "citizen_b"})
STAFF = SIGNED_IN - APPLICANTS
# Agency A received the dossier and holds its step; the province-wide readers read all.
# Agency A's clerk is one of its officers: reads its dossiers, holds no step.
AGENCY_A_READERS = frozenset(
    {"reception_a", "specialist_a", "leader_a", "clerk_a", "province_leader", "system_admin"}
)
LEADERS = frozenset({"leader_a", "province_leader", "system_admin"})
# Issue 14: agency A's incoming document assigned to specialist_a (conftest._incoming_documents);
# agency A's clerk and leader keep the books, so they read it (documents.access).
DOC_READERS = frozenset({"specialist_a", "leader_a", "clerk_a", "province_leader", "system_admin"})
# Issue 14: agency A's clerk (văn thư) and leader keep its books; province-wide readers.
BOOK_READERS = LEADERS | {"clerk_a"}
CLERKS = frozenset({"clerk_a"})  # issue 14: agency A's văn thư (Role.CLERK)


@dataclass(frozen=True)
class Policy:
    """Who may use a route, and what everyone else gets (by persona, group or "*")."""

    allowed: frozenset[str]
    refused: dict[str, str] = field(default_factory=dict)

    def denial(self, persona: str, api: bool, admin: bool) -> str | None:
        if persona in self.allowed:
            return None
        if persona == "anonymous":
            return "unauth" if api else "admin_login" if admin else "login"
        group = "applicants" if persona in APPLICANTS else "staff"
        for key in (persona, group, "*"):
            if key in self.refused:
                return self.refused[key]
        raise AssertionError(f"policy names no answer for {persona}")


POLICIES: dict[str, Policy] = {
    "public": Policy(EVERYONE),
    "signed_in": Policy(SIGNED_IN),
    "applicant": Policy(APPLICANTS, {"staff": "forbidden"}),
    # /ho-so-cua-toi/: any signed-in account, but only the applicant finds the dossier.
    "own_dossier": Policy(frozenset({"citizen_a"}), {"*": "hidden"}),
    # citizen pages that are for applicants only: staff 403, another citizen 404.
    "own_object": Policy(frozenset({"citizen_a"}), {"citizen_b": "hidden", "staff": "forbidden"}),
    "staff": Policy(STAFF, {"applicants": "forbidden"}),
    "reception": Policy(frozenset({"reception_a"}), {"*": "forbidden"}),
    "agency_dossier": Policy(AGENCY_A_READERS, {"applicants": "forbidden", "officer_b": "hidden"}),
    # The applicant's papers: agency A's officers only; province-wide readers see the case,
    # not the person (Nghị định 13/2023/NĐ-CP), so the papers are "not found" for them.
    "agency_personal": Policy(
        AGENCY_A_READERS - {"province_leader", "system_admin"},
        {"applicants": "forbidden", "staff": "hidden"},
    ),
    "leaders": Policy(LEADERS, {"*": "forbidden"}),
    "admin": Policy(frozenset({"system_admin"}), {"*": "admin_login"}),
    # The API: the dossier's applicant and agency A's readers; others "not found".
    "api_dossier": Policy(AGENCY_A_READERS | {"citizen_a"}, {"*": "hidden"}),
    "api_own_dossier": Policy(frozenset({"citizen_a"}), {"*": "hidden"}),
    "api_own_draft": Policy(
        frozenset({"citizen_a"}), {"citizen_b": "hidden", "staff": "forbidden"}
    ),
    "api_portal": Policy(frozenset(), {"*": "unauth"}),  # signed by the national portal only
    # Issue 12 item 17: the access log and data subjects' requests are for the data protection
    # officer only (a role no persona holds: tinhso.privacy.tests check that officer's view).
    "data_protection_officer": Policy(frozenset(), {"*": "forbidden"}),
    # issue 12 item 14: "đánh giá tại quầy" is opened by the receiving agency's one-stop officer.
    "counter_rating": Policy(frozenset({"reception_a"}), {"officer_b": "hidden", "*": "forbidden"}),
    # issue 13: a signing session's page is its signer's (leader_a's), "not found" for others.
    "own_signing_session": Policy(frozenset({"leader_a"}), {"*": "hidden"}),
    # issue 14: agency A's work file (specialist A in charge): its readers (agency A's clerk
    # too); other officers "not found", citizens 403. A delegation is revoked by its delegator
    # only.
    "agency_workfile": Policy(
        frozenset({"specialist_a", "leader_a", "clerk_a", "province_leader", "system_admin"}),
        {"applicants": "forbidden", "staff": "hidden"},
    ),
    "own_delegation": Policy(frozenset({"specialist_a"}), {"*": "forbidden"}),
    # issue 14, incoming documents (văn bản đến). The clerk's pages are agency A's clerk's:
    # others 403; a document waiting to be registered is the clerk's too, others 404.
    "doc_clerk": Policy(CLERKS, {"*": "forbidden"}),
    # issue 15: the exchange's messages — agency A's clerk and the system administrator
    "exchange_operator": Policy(
        CLERKS | {"system_admin"}, {"applicants": "forbidden", "*": "hidden"}
    ),
    "doc_pending": Policy(CLERKS, {"applicants": "forbidden", "*": "hidden"}),
    "api_doc_pending": Policy(CLERKS, {"*": "hidden"}),
    # The document is agency A's, assigned to specialist_a: its readers are the assignee, the
    # agency's leader (its book) and the province-wide readers; others 404.
    "doc_reader": Policy(DOC_READERS, {"applicants": "forbidden", "*": "hidden"}),
    "api_doc_reader": Policy(DOC_READERS, {"*": "hidden"}),
    # Who may act: readers who may not get 403, the rest 404.
    "doc_leader": Policy(
        frozenset({"leader_a"}),
        {"applicants": "forbidden", **dict.fromkeys(DOC_READERS, "forbidden"), "*": "hidden"},
    ),
    "api_doc_leader": Policy(
        frozenset({"leader_a"}), {**dict.fromkeys(DOC_READERS, "forbidden"), "*": "hidden"}
    ),
    "doc_head": Policy(
        frozenset(),
        {"applicants": "forbidden", **dict.fromkeys(DOC_READERS, "forbidden"), "*": "hidden"},
    ),
    "doc_assignee": Policy(
        frozenset({"specialist_a"}),
        {"applicants": "forbidden", **dict.fromkeys(DOC_READERS, "forbidden"), "*": "hidden"},
    ),
    "api_doc_assignee": Policy(
        frozenset({"specialist_a"}), {**dict.fromkeys(DOC_READERS, "forbidden"), "*": "hidden"}
    ),
    "doc_closer": Policy(
        frozenset({"specialist_a", "leader_a"}),
        {"applicants": "forbidden", **dict.fromkeys(DOC_READERS, "forbidden"), "*": "hidden"},
    ),
    # The incoming books: the agency's leader and the province-wide readers.
    "doc_books": Policy(BOOK_READERS, {"*": "forbidden"}),
    "doc_book": Policy(BOOK_READERS, {"applicants": "forbidden", "*": "hidden"}),
    # issue 14: agency A's documents and files (hồ sơ) — its leader (a book keeper) and the
    # province-wide readers; other officers "not found", citizens 403 (officers' pages).
    "agency_books": Policy(BOOK_READERS, {"applicants": "forbidden", "staff": "hidden"}),
    "api_agency_books": Policy(BOOK_READERS, {"*": "hidden"}),
    # issue 14 (part 2): an outgoing draft of agency A written by specialist_a: its author,
    # agency A's leader (the books) and the province-wide readers; others "not found".
    "outgoing_document": Policy(
        frozenset({"specialist_a", "leader_a", "clerk_a", "province_leader", "system_admin"}),
        {"applicants": "forbidden", "*": "hidden"},
    ),
    "api_outgoing": Policy(
        frozenset({"specialist_a", "leader_a", "clerk_a", "province_leader", "system_admin"}),
        {"*": "hidden"},
    ),
}


@dataclass(frozen=True)
class Rule:
    policy: str
    params: dict[str, str] = field(default_factory=dict)  # route kwarg → World.params key
    query: dict[str, str] = field(default_factory=dict)
    ok: frozenset[str] = frozenset({"ok"})  # what an allowed persona gets on GET
    persona_ok: dict[str, frozenset[str]] = field(default_factory=dict)
    # POST: the body; sent by every refused persona (nothing may change), and by the allowed
    # ones when post_ok says what they get.
    post: dict[str, Any] | None = None
    post_ok: dict[str, frozenset[str]] = field(default_factory=dict)
    json_body: bool = False


OK = frozenset({"ok"})
OK_OR_REDIRECT = frozenset({"ok", "redirect"})
METHOD = frozenset({"method"})
ANY_ANSWER = frozenset({"ok", "redirect", "login", "bad", "hidden", "method", "forbidden"})
DOSSIER = {"code": "dossier_a"}
ALL_CRITERIA_BEST = {  # tinhso.ratings.constants.CRITERIA, each at its best level
    "huong_dan": "2",
    "so_lan_lien_he": "2",
    "so_co_quan": "2",
    "thoi_gian": "2",
    "thai_do": "2",
    "giai_trinh": "2",
}
PROCEDURE = {"code": "procedure"}
PERIOD = {"from": "2026-01-01", "to": "2026-12-31"}
INCOMING_DOC = {"pk": "incoming_doc"}
INCOMING_API_DOC = {"doc_id": "incoming_doc"}
OUTGOING = {"pk": "outgoing_a"}
STEP_ONLY = {p: frozenset({"forbidden"}) for p in AGENCY_A_READERS - {"specialist_a"}}
WORKFILE = {"pk": "workfile_a"}
API_WORKFILE = {"work_file_id": "workfile_a"}
# Readers of the work file who take no part in it may not move it (403).
WORKFILE_READERS_ONLY = {
    p: frozenset({"forbidden"}) for p in ("leader_a", "clerk_a", "province_leader", "system_admin")
}
BAD = frozenset({"bad"})  # allowed, and the body is refused with a message (nothing changes)

POLICY: dict[str, Rule] = {
    # accounts: sign-in, sign-up, password reset are for everyone (a signed-in person may be
    # sent on); the account page and password change need an account.
    "accounts:login": Rule("public", ok=OK_OR_REDIRECT),
    # VNeID sign-in: on to the provider, or back to the sign-in page with the reason.
    "accounts:vneid_start": Rule("public", ok=OK_OR_REDIRECT | {"login"}),
    "accounts:vneid_callback": Rule("public", ok=frozenset({"ok", "redirect", "login", "bad"})),
    "accounts:logout": Rule("public", ok=METHOD | {"redirect"}),
    "accounts:signup": Rule("public", ok=OK_OR_REDIRECT),
    "accounts:signup_business": Rule("public", ok=OK_OR_REDIRECT),
    "accounts:signup_sent": Rule("public", ok=OK_OR_REDIRECT),
    "accounts:signup_confirm": Rule(
        "public", {"token": "token"}, ok=frozenset({"ok", "redirect", "bad", "hidden"})
    ),
    "accounts:password_change": Rule("signed_in"),
    "accounts:password_reset": Rule("public", ok=OK_OR_REDIRECT),
    "accounts:password_reset_done": Rule("public", ok=OK_OR_REDIRECT),
    "accounts:password_reset_confirm": Rule(
        "public", {"uidb64": "uidb64", "token": "reset_token"}, ok=OK_OR_REDIRECT
    ),
    "accounts:password_reset_complete": Rule("public", ok=OK_OR_REDIRECT),
    "accounts:phone_reset": Rule("public", ok=OK_OR_REDIRECT),
    "accounts:phone_reset_code": Rule("public", ok=OK_OR_REDIRECT),
    "accounts:home": Rule("signed_in"),
    # the public portal
    "portal:home": Rule("public"),
    "portal:procedures": Rule("public"),
    "portal:procedure": Rule("public", PROCEDURE),
    "portal:procedure_version": Rule(
        "public", {"code": "procedure", "number": "procedure_version"}
    ),
    "portal:component_template": Rule("public", {"code": "procedure", "spec_id": "component_a"}),
    "dossiers:track": Rule("public"),
    # the back office
    "dossiers:office": Rule("staff"),
    "dossiers:office_queue": Rule("staff", {"name": "queue"}),
    "dossiers:reception_start": Rule("reception", post={}),
    "dossiers:reception": Rule("reception", PROCEDURE, post={"decision": "receive"}),
    "dossiers:office_dossier": Rule("agency_dossier", DOSSIER),
    "dossiers:office_action": Rule(
        "agency_dossier",
        {"code": "dossier_a", "action": "action"},
        ok=METHOD,
        post={"note": "Đạt"},
        post_ok=STEP_ONLY,  # readers who hold no step: 403 (the API below moves it)
    ),
    "dossiers:office_file": Rule("agency_personal", {"code": "dossier_a", "file_id": "file_a"}),
    "dossiers:form_pdf": Rule("agency_dossier", {"code": "dossier_a", "form": "form"}),
    # Issue 13 item 5: signing the electronic result; refused with a message unless the
    # dossier waits for its return and the user is its leader / one-stop officer.
    "dossiers:result_sign": Rule(
        "agency_dossier",
        DOSSIER,
        ok=METHOD,
        post={},
        post_ok={p: frozenset({"redirect"}) for p in AGENCY_A_READERS},
    ),
    "dossiers:result_seal": Rule(
        "agency_dossier",
        DOSSIER,
        ok=METHOD,
        post={},
        post_ok={p: frozenset({"redirect"}) for p in AGENCY_A_READERS},
    ),
    # Issue 13 item 5: sealing an issued form; refused with a message unless the user is an
    # officer of the agency that issues it.
    "dossiers:form_seal": Rule(
        "agency_dossier",
        {"code": "dossier_a", "form": "form"},
        ok=METHOD,
        post={},
        post_ok={p: frozenset({"redirect"}) for p in AGENCY_A_READERS},
    ),
    # Any officer opens the register, of their own agencies: agency A's asked by agency B's
    # officer is refused as a choice that is not theirs (400), the page shows nothing of it.
    "dossiers:register": Rule(
        "staff",
        query={"agency": "agency_a_pk", "start": "01/01/2026", "end": "31/12/2026"},
        persona_ok={"officer_b": frozenset({"bad"})},
    ),
    "nationalportal:dossier": Rule("agency_dossier", DOSSIER),
    # issue 12 item 11: reconciliation with the national portal, the system administrator only
    "admin:nationalportal_statusmessage_reconcile": Rule("admin"),
    "dashboard:home": Rule("leaders", ok=OK_OR_REDIRECT),
    "dashboard:agency": Rule("leaders", {"code": "agency_a"}),
    "statistics:report_xlsx": Rule("leaders", query=PERIOD),
    "statistics:report_pdf": Rule("leaders", query=PERIOD),
    "statistics:index_766_xlsx": Rule("leaders", query=PERIOD),
    # issue 12 item 13: aggregates only (statistics.access.PUBLIC_FIGURES), for everyone.
    "statistics:public": Rule("public"),
    # online submission and the data store: citizens and businesses, each their own
    "submission:start": Rule("applicant", PROCEDURE),
    "submission:drafts": Rule("applicant"),
    "submission:draft": Rule("own_object", {"draft_id": "draft_a"}, post={"luu": "1"}),
    "submission:review": Rule("own_object", {"draft_id": "draft_a"}, ok=OK_OR_REDIRECT),
    "submission:submit": Rule("own_object", {"draft_id": "draft_a"}, ok=METHOD, post={}),
    "submission:delete": Rule("own_object", {"draft_id": "draft_a"}, post={}),
    "submission:draft_file": Rule("own_object", {"draft_id": "draft_a", "file_id": "draft_file_a"}),
    "submission:done": Rule("own_object", DOSSIER),
    "documentstore:papers": Rule("applicant"),
    "documentstore:download": Rule("own_object", {"paper_id": "paper_a"}),
    "documentstore:delete": Rule("own_object", {"paper_id": "paper_a"}, post={}),
    # my dossiers: the applicant's account only
    "mydossiers:list": Rule("signed_in"),
    "mydossiers:detail": Rule("own_dossier", DOSSIER),
    "mydossiers:file": Rule("own_dossier", {"code": "dossier_a", "file_id": "file_a"}),
    "mydossiers:supplement": Rule("own_dossier", DOSSIER, ok=OK_OR_REDIRECT, post={"gui": "1"}),
    "mydossiers:draft_file": Rule(
        "own_dossier", {"code": "dossier_a", "draft_id": "supplement_draft_a"}
    ),
    "mydossiers:draft_remove": Rule(
        "own_dossier", {"code": "dossier_a", "draft_id": "supplement_draft_a"}, ok=METHOD, post={}
    ),
    "mydossiers:withdraw": Rule("own_dossier", DOSSIER, post={"reason": "Không cần nữa"}),
    "mydossiers:delivery": Rule("own_dossier", DOSSIER, post={"mode": "counter"}),
    # personal data (issue 12 item 17): each account its own consents and requests; the
    # access log and the requests' answers for the data protection officer only
    "privacy:mine": Rule("signed_in"),
    "privacy:consent": Rule("signed_in", ok=METHOD, post={"purpose": "news", "give": "1"}),
    "privacy:request_new": Rule(
        "signed_in", ok=METHOD, post={"kind": "access", "details": "Cho tôi xem dữ liệu."}
    ),
    "privacy:accesses": Rule("data_protection_officer"),
    "privacy:requests": Rule("data_protection_officer"),
    "privacy:request": Rule(
        "data_protection_officer",
        {"pk": "data_request"},
        post={"status": "done", "answer": "Đã gửi bản sao."},
    ),
    "mydossiers:rate": Rule("own_dossier", DOSSIER, post=ALL_CRITERIA_BEST),
    # issue 12 item 15: the forms issued to the applicant, their own dossier only.
    "mydossiers:form": Rule("own_dossier", {"code": "dossier_a", "form": "form"}),
    # issue 12 item 14: the one-time link needs no account; a wrong token is "not found".
    "ratings:link": Rule("public", {"token": "token"}, ok=frozenset({"hidden"})),
    "ratings:counter": Rule("counter_rating", DOSSIER, post=ALL_CRITERIA_BEST),
    # issue 13: the local signing app. The officer's page is the signer's own (others: 404);
    # the app's two URLs need the session's token (none here: 403; GET on the upload: 405).
    "signatures_local_app:page": Rule(
        "signed_in", {"session_id": "token"}, ok=frozenset({"hidden"})
    ),
    "signatures_local_app:document": Rule(
        "public", {"session_id": "token"}, ok=frozenset({"forbidden"})
    ),
    "signatures_local_app:upload": Rule("public", {"session_id": "token"}, ok=METHOD),
    # the API's own pages
    "api-v1:openapi-json": Rule("public"),
    "api-v1:openapi-view": Rule("public"),
    "api-v1:api-root": Rule("public", ok=frozenset({"ok", "hidden"})),
    # /api/v1 operations, from the OpenAPI document
    "GET /api/v1/procedures": Rule("public"),
    "GET /api/v1/procedures/{code}": Rule("public", PROCEDURE),
    "GET /api/v1/calendar/due-date": Rule(
        "public", query={"received_at": "2026-03-02T09:00:00+07:00", "working_days": "3"}
    ),
    "GET /api/v1/online/procedures/{code}/eform": Rule("public", PROCEDURE),
    "POST /api/v1/dossiers": Rule(
        "reception",
        json_body=True,
        post={"procedure_code": "1.001232", "applicant": {"name": "Trần Văn Mười"}},
        post_ok={"reception_a": frozenset({"ok", "bad"})},
    ),
    "GET /api/v1/dossiers/{code}": Rule("api_dossier", DOSSIER),
    "POST /api/v1/dossiers/{code}/actions": Rule(
        "api_dossier",
        DOSSIER,
        json_body=True,
        post={"action": "forward", "note": "Đạt"},
        post_ok={
            "specialist_a": OK,
            "citizen_a": frozenset({"forbidden"}),
            **STEP_ONLY,
        },
    ),
    "POST /api/v1/national-portal/dossiers": Rule("api_portal", json_body=True, post={}),
    "GET /api/v1/me/dossiers": Rule("signed_in"),
    "GET /api/v1/me/dossiers/{code}": Rule("api_own_dossier", DOSSIER),
    "POST /api/v1/me/dossiers/{code}/rating": Rule(
        "api_own_dossier",
        DOSSIER,
        json_body=True,
        post={"criteria": dict.fromkeys(ALL_CRITERIA_BEST, 2)},
        post_ok={"citizen_a": frozenset({"bad"})},  # not closed yet: 409
    ),
    "POST /api/v1/online/drafts": Rule(
        "applicant",
        json_body=True,
        post={"procedure_code": "1.001232", "receiving_agency": "000.00.12.H53"},
        post_ok={"citizen_a": frozenset({"ok"}), "citizen_b": frozenset({"ok"})},
    ),
    "GET /api/v1/online/drafts/{draft_id}": Rule("api_own_draft", {"draft_id": "draft_a"}),
    "POST /api/v1/online/drafts/{draft_id}/files/{component_id}": Rule(
        "api_own_draft",
        {"draft_id": "draft_a", "component_id": "component_a"},
        query={"paper_id": "paper_a"},
        post={},
        post_ok={"citizen_a": OK},
    ),
    "POST /api/v1/online/drafts/{draft_id}/submit": Rule(
        "api_own_draft",
        {"draft_id": "draft_a"},
        json_body=True,
        post={},
        post_ok={"citizen_a": frozenset({"ok", "bad"})},
    ),
    "GET /api/v1/statistics": Rule("leaders", query=PERIOD),
    "GET /api/v1/statistics/766": Rule("leaders", query=PERIOD),
    "GET /api/v1/public/statistics": Rule("public", query=PERIOD),
    # issue 13: remote signing on a phone. The provider's webhook is authenticated by its HMAC
    # only (401 for everyone else, nothing changes); the session page is the signer's.
    "signatures_remote:webhook": Rule(
        "public", ok=METHOD, post={}, post_ok=dict.fromkeys(EVERYONE, frozenset({"unauth"}))
    ),
    "signatures_remote:session": Rule("own_signing_session", {"session_id": "remote_session"}),
    "signatures_remote:session_check": Rule(
        "own_signing_session", {"session_id": "remote_session"}, ok=METHOD, post={}
    ),
    # issue 13: the public validator of signed documents (upload or ?ma=<code> from the QR)
    "signatures:verify": Rule("public"),
    "POST /api/v1/signatures/validate": Rule("public"),
}

# Namespaces answered by one policy for all their routes.
NAMESPACE_POLICY: dict[str, Rule] = {
    # Django's admin: only accounts with is_staff (the system administrator); any other
    # visitor is sent to the admin's sign-in page. Its log-in page is for everyone.
    "admin": Rule("admin", ok=ANY_ANSWER),
    # Stand-ins for VNeID and the national portal (development and demo only: off in
    # production): they are outside systems and answer anyone, never with a 5xx.
    "simulators": Rule("public", ok=ANY_ANSWER | {"unauth"}),
}
PUBLIC_ADMIN = {
    "admin:login": Rule("public", ok=OK_OR_REDIRECT),
    # GET is not a way to sign out (405 for the administrator); others go to the admin index.
    "admin:logout": Rule("public", ok=frozenset({"method", "redirect"})),
}

# The e-office routes (issue 14) keep their rules in policy_eoffice.py.
from .policy_eoffice import EOFFICE_POLICY  # noqa: E402

POLICY.update(EOFFICE_POLICY)

# The exchange's directory routes (issue 15, h-transport) keep their rules in policy_transport.py.
from .policy_transport import TRANSPORT_POLICY  # noqa: E402

POLICY.update(TRANSPORT_POLICY)

# The exchange's operator pages (issue 15) keep their rules in policy_exchange.py.
from .policy_exchange import EXCHANGE_POLICY  # noqa: E402

POLICY.update(EXCHANGE_POLICY)

# The payment callbacks (issue 16, h-vnpay) keep their rules in policy_vnpay.py.
from .policy_vnpay import VNPAY_POLICY  # noqa: E402

POLICY.update(VNPAY_POLICY)

# The payment simulators (issue 16, h-national) keep their rules in policy_national.py.
from .policy_national import NATIONAL_POLICY  # noqa: E402

POLICY.update(NATIONAL_POLICY)

# The payments' reconciliation report (issue 16, h-receipts) keeps its rule in policy_receipts.py.
from .policy_receipts import RECEIPTS_POLICY  # noqa: E402

POLICY.update(RECEIPTS_POLICY)

# Paying a dossier's fee, online and at the counter (issue 16, h-paydossier): policy_paydossier.py.
from .policy_paydossier import PAYDOSSIER_POLICY  # noqa: E402

POLICY.update(PAYDOSSIER_POLICY)

# Health, readiness, metrics and the system status page (issue 17, h-ops-stack): policy_opsstack.py.
from .policy_opsstack import OPSSTACK_POLICY  # noqa: E402

POLICY.update(OPSSTACK_POLICY)
