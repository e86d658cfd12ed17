"""Who may use each e-office route (issue 14): documents, work files, the archive.

Part of tests/security/policy.py's POLICY (merged at its end); the policies named here are in
policy.py's POLICIES.
"""

from .policy import (
    API_WORKFILE,
    BAD,
    INCOMING_API_DOC,
    INCOMING_DOC,
    METHOD,
    OK,
    OK_OR_REDIRECT,
    OUTGOING,
    WORKFILE,
    WORKFILE_READERS_ONLY,
    Rule,
)

EOFFICE_POLICY: dict[str, Rule] = {
    # issue 14: incoming documents (văn bản đến), pages
    "documents:incoming_list": Rule("staff"),
    "documents:incoming_inbox": Rule("staff"),
    "documents:incoming_pending": Rule("doc_clerk"),
    "documents:incoming_new": Rule("doc_clerk", post={}, post_ok={"clerk_a": BAD}),
    "documents:incoming_books": Rule("doc_books"),
    "documents:incoming_register_download": Rule(
        "doc_book",
        {"book_id": "incoming_book", "kind": "register_kind", "fmt": "register_fmt"},
        query={"start": "2026-01-01", "end": "2026-12-31"},
    ),
    "documents:incoming_detail": Rule("doc_reader", INCOMING_DOC),
    "documents:incoming_register_pending": Rule(
        "doc_pending",
        {"pk": "incoming_pending"},
        post={"urgency": "normal"},
        post_ok={"clerk_a": BAD},  # the form wants more: asked again, nothing registered
    ),
    "documents:incoming_refuse": Rule(
        "doc_pending",
        {"pk": "incoming_pending"},
        ok=METHOD,
        post={"reason": "Gửi nhầm"},
        post_ok={"clerk_a": frozenset({"redirect"})},  # the clerk sends it back
    ),
    "documents:incoming_file": Rule(
        "doc_reader", {"pk": "incoming_doc", "file_id": "incoming_file"}
    ),
    "documents:incoming_assign": Rule("doc_leader", INCOMING_DOC, post={"role_1": "lead"}),
    "documents:incoming_delegate": Rule(
        "doc_head",
        {"pk": "incoming_doc", "assignment_id": "incoming_assignment"},
        post={"role_1": "lead"},
    ),
    "documents:incoming_progress": Rule(
        "doc_assignee", INCOMING_DOC, ok=METHOD, post={"progress": "10"}
    ),
    "documents:incoming_complete": Rule("doc_closer", INCOMING_DOC, ok=METHOD, post={}),
    # issue 14: incoming documents, API
    "GET /api/v1/documents/incoming/inbox": Rule("staff"),
    "POST /api/v1/documents/incoming": Rule(
        "doc_clerk",
        post={"doc_type": "CV", "subject": "Thử", "organ_name": "Sở Xây dựng"},
        post_ok={"clerk_a": BAD},  # no file: 422 with the reason
    ),
    "POST /api/v1/documents/incoming/{doc_id}/register": Rule(
        "api_doc_pending", {"doc_id": "incoming_pending"}, json_body=True, post={}
    ),
    "GET /api/v1/documents/incoming/{doc_id}": Rule("api_doc_reader", INCOMING_API_DOC),
    "POST /api/v1/documents/incoming/{doc_id}/assign": Rule(
        "api_doc_leader",
        INCOMING_API_DOC,
        json_body=True,
        post={"lines": [{"role": "lead", "department_id": 1}]},
    ),
    "POST /api/v1/documents/incoming/{doc_id}/read": Rule(
        "api_doc_reader", INCOMING_API_DOC, post={}
    ),
    "POST /api/v1/documents/incoming/{doc_id}/progress": Rule(
        "api_doc_assignee", INCOMING_API_DOC, json_body=True, post={"progress": 10}
    ),
    # issue 14 items 4, 7: work files, delegations, the leaders' panel. Acting needs a part in
    # the file: a reader who takes none is refused (403) and nothing changes.
    "workfiles:mine": Rule("staff"),
    "workfiles:new": Rule("staff"),
    "workfiles:detail": Rule(
        "agency_workfile", WORKFILE, post={"thao_tac": "y_kien", "noi_dung": "Ý kiến"}
    ),
    "workfiles:act": Rule(
        "agency_workfile",
        {"pk": "workfile_a", "action": "workfile_action"},
        ok=METHOD,
        post={"note": ""},
        post_ok={"specialist_a": frozenset({"redirect"}), **WORKFILE_READERS_ONLY},
    ),
    "workfiles:undo": Rule(
        "agency_workfile",
        WORKFILE,
        ok=METHOD,
        post={},
        post_ok={"specialist_a": frozenset({"redirect"})},
    ),
    "workfiles:delegations": Rule("staff"),
    "workfiles:delegation_revoke": Rule(
        "own_delegation", {"pk": "delegation_a"}, ok=METHOD, post={}
    ),
    "workfiles:panel": Rule("leaders"),
    "GET /api/v1/workfiles": Rule("staff"),
    "GET /api/v1/workfiles/{work_file_id}": Rule("agency_workfile", API_WORKFILE),
    "POST /api/v1/workfiles/{work_file_id}/opinions": Rule(
        "agency_workfile", API_WORKFILE, json_body=True, post={"text": "Ý kiến"}
    ),
    "POST /api/v1/workfiles/{work_file_id}/actions": Rule(
        "agency_workfile",
        API_WORKFILE,
        json_body=True,
        post={"action": "start"},
        post_ok={"specialist_a": OK, **WORKFILE_READERS_ONLY},
    ),
    "POST /api/v1/workfiles/{work_file_id}/documents": Rule(
        "agency_workfile", API_WORKFILE, json_body=True, post={"document_id": 1}
    ),
    # issue 14 (archive part): search, files of documents, the access log, the archive
    "documents:search": Rule("staff", query={"q": "quyet dinh"}),
    "documents:file_download": Rule(
        "agency_books", {"pk": "document_a", "file_id": "document_file_a"}
    ),
    "documents:access_log": Rule("agency_books", {"pk": "document_a"}),
    "GET /api/v1/documents/search": Rule("staff", query={"q": "quyet dinh"}),
    "archive:home": Rule("staff"),
    "archive:plan": Rule(
        "agency_books",
        {"pk": "archive_plan_a"},
        post={"notation": "02.VP", "title": "Hồ sơ mới", "permanent": "on"},
        post_ok={
            "clerk_a": BAD,  # no person in charge: asked again
            "province_leader": frozenset({"forbidden"}),
            "system_admin": frozenset({"forbidden"}),
        },
    ),
    "archive:plan_approve": Rule(
        "agency_books",
        {"pk": "archive_plan_a"},
        ok=METHOD,
        post={},
        post_ok={
            "clerk_a": frozenset({"forbidden"}),  # Điều 28: the head of the agency approves
            "province_leader": frozenset({"forbidden"}),
            "system_admin": frozenset({"forbidden"}),
        },
    ),
    "archive:file": Rule(
        "agency_books",
        {"pk": "archive_file_a"},
        post={"document": "999999"},
        post_ok={
            "clerk_a": BAD,  # no such document
            "province_leader": frozenset({"forbidden"}),
            "system_admin": frozenset({"forbidden"}),
        },
    ),
    "archive:file_pdf": Rule("agency_books", {"pk": "archive_file_a"}),
    "archive:file_xml": Rule("agency_books", {"pk": "archive_file_a"}),
    "GET /api/v1/archive/files": Rule("signed_in"),
    "GET /api/v1/archive/files/{file_id}": Rule("api_agency_books", {"file_id": "archive_file_a"}),
    "POST /api/v1/archive/files/{file_id}/documents": Rule(
        "api_agency_books",
        {"file_id": "archive_file_a"},
        json_body=True,
        post={"document_id": 999999},
        post_ok={
            "leader_a": frozenset({"hidden"}),  # no such document
            "clerk_a": frozenset({"hidden"}),
            "province_leader": frozenset({"forbidden"}),
            "system_admin": frozenset({"forbidden"}),
        },
    ),
    "POST /api/v1/archive/files/{file_id}/close": Rule(
        "api_agency_books",
        {"file_id": "archive_file_a"},
        json_body=True,
        post={},
        post_ok={
            "leader_a": frozenset({"bad"}),  # an empty file: 409 with the reason
            "clerk_a": BAD,
            "province_leader": frozenset({"forbidden"}),
            "system_admin": frozenset({"forbidden"}),
        },
    ),
    # issue 14 (part 2): outgoing documents. Lists show each officer only their own; the book
    # and its registers are for the agencies' clerks and leaders and the province readers.
    "documents:outgoing_drafts": Rule("staff"),
    "documents:outgoing_new": Rule("staff"),
    "documents:outgoing_to_sign": Rule("staff"),
    "documents:outgoing_to_issue": Rule("staff"),
    "documents:outgoing_book": Rule("doc_books"),
    "documents:outgoing_register": Rule("doc_books", ok=OK_OR_REDIRECT),
    "documents:outgoing_detail": Rule("outgoing_document", OUTGOING),
    "documents:outgoing_tracking": Rule("outgoing_document", OUTGOING),
    "documents:outgoing_recall": Rule("outgoing_document", OUTGOING, post={"reason": "Sai"}),
    "documents:outgoing_successor": Rule("outgoing_document", OUTGOING),
    "documents:outgoing_version_file": Rule(
        "outgoing_document", {"pk": "outgoing_a", "vid": "outgoing_version_a"}
    ),
    # no signed file exists in the world: a reader gets "not found" for it too
    "documents:outgoing_file": Rule(
        "outgoing_document",
        {"pk": "outgoing_a", "fid": "outgoing_version_a"},
        ok=frozenset({"hidden"}),
    ),
    "documents:outgoing_edit": Rule("outgoing_document", OUTGOING, ok=METHOD, post={}),
    "documents:outgoing_version": Rule("outgoing_document", OUTGOING, ok=METHOD, post={}),
    "documents:outgoing_comment": Rule(
        "outgoing_document", OUTGOING, ok=METHOD, post={"text": "Góp ý"}
    ),
    "documents:outgoing_recipient_add": Rule(
        "outgoing_document", OUTGOING, ok=METHOD, post={"kind": "paper"}
    ),
    "documents:outgoing_recall_copy": Rule(
        "outgoing_document",
        {"pk": "outgoing_a", "rid": "outgoing_recipient_a"},
        ok=METHOD,
        post={"reason": "Sai"},
    ),
    "documents:outgoing_action": Rule(
        "outgoing_document",
        {"pk": "outgoing_a", "action": "outgoing_action"},
        ok=METHOD,
        post={},
    ),
    "GET /api/v1/documents/outgoing": Rule("staff"),
    "GET /api/v1/documents/outgoing/{doc_id}": Rule("api_outgoing", {"doc_id": "outgoing_a"}),
    "POST /api/v1/documents/outgoing/{doc_id}/comments": Rule(
        "api_outgoing", {"doc_id": "outgoing_a"}, json_body=True, post={"text": "Góp ý"}
    ),
    "POST /api/v1/documents/outgoing/{doc_id}/actions": Rule(
        "api_outgoing", {"doc_id": "outgoing_a"}, json_body=True, post={"action": "submit"}
    ),
    "POST /api/v1/documents/outgoing/{doc_id}/sign-request": Rule(
        "api_outgoing", {"doc_id": "outgoing_a"}, post={}
    ),
    "POST /api/v1/documents/outgoing/{doc_id}/sign": Rule(
        "api_outgoing", {"doc_id": "outgoing_a"}, post={}
    ),
    "POST /api/v1/documents/outgoing/{doc_id}/send": Rule(
        "api_outgoing", {"doc_id": "outgoing_a"}, post={}
    ),
    **{
        f"archive:{name}": Rule(
            "agency_books",
            {"pk": "archive_file_a"},
            ok=METHOD,
            post={},
            post_ok={
                "leader_a": frozenset({"redirect"}),  # an empty file: refused with a message
                "clerk_a": frozenset({"redirect"}),
                "province_leader": frozenset({"forbidden"}),
                "system_admin": frozenset({"forbidden"}),
            },
        )
        for name in ("file_close", "file_reopen", "file_transfer")
    },
}
