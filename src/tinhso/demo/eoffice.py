"""The demo province's e-office (issue 14): a year of incoming and outgoing documents of
Sở Tư pháp in every state, then work files that link them, then the agency's Danh mục hồ sơ
with documents filed. Each part is idempotent."""


def load_eoffice_demo() -> None:
    from tinhso.archive.demo import load_archive_demo
    from tinhso.documents.demo_incoming import load_incoming_demo
    from tinhso.documents.demo_outgoing import load_outgoing_demo
    from tinhso.workfiles.demo import load_workfiles_demo

    load_incoming_demo()
    load_outgoing_demo()
    load_workfiles_demo()
    load_archive_demo()  # files the documents above: after them
    from tinhso.demo.exchange import load_exchange_demo

    load_exchange_demo()  # issue 15: the demo agencies on the local axis simulator
