"""The local axis simulator (issue 15): a small stand-in for the national document axis (VDXP,
VXP SDK protocol, /mo-phong/truc-lien-thong/<operation>) and a provincial LGSP's e-document
API (/mo-phong/lgsp/api/lgspedoc/…), both over ONE store (`store.py`): registered systems
(systemId + secret, the organs each serves), the directory of organisations (seeded on first
use from the demo province and ~30 outside bodies, `seed.py`), messages stored once per
sender's message id and routed to one inbox item per addressee.

Inside one instance it answers under SITE_URL/mo-phong/ (SIMULATORS_ENABLED), the default of
EXCHANGE_AXIS_URL and EXCHANGE_LGSP_URL. For two Tỉnh Số instances to exchange documents, run
it as a third instance of the same server with its own SQLite database:

    export DATABASE_URL=sqlite:////tmp/axis.sqlite3 SIMULATORS_ENABLED=true
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py axis_register --system-id tinh-a --secret khoa-a-123 \\
        --organ 000.00.02.H53
    .venv/bin/python manage.py axis_register --system-id tinh-b --secret khoa-b-123 \\
        --organ 000.00.12.H59
    .venv/bin/python manage.py runserver 127.0.0.1:8100

and point each instance at it: EXCHANGE_AXIS_URL=http://127.0.0.1:8100/mo-phong/truc-lien-thong
with its EXCHANGE_SYSTEM_ID / EXCHANGE_SECRET (or EXCHANGE_TRANSPORT=lgsp with
EXCHANGE_LGSP_URL=http://127.0.0.1:8100/mo-phong/lgsp/api/lgspedoc, username = systemId,
password = secret).
"""
