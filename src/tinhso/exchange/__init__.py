"""Liên thông văn bản (issue 15): official documents between agencies as edXML packages.

Quyết định 28/2018/QĐ-TTg: state bodies send and receive electronic documents over the
national document axis (trục liên thông văn bản quốc gia, VDXP) as edXML (QCVN 102:2016/BTTTT)
signed with the organisation's signature, and every receiver reports the status of what it got.

- `edxml/`      the package format: model (dataclasses), build, parse, XML signature, statuses.
- `transport/`  one interface, two adapters (the national axis, a provincial LGSP) and the
                local axis simulator's client.
- `models.py`   the messages out (transactional outbox) and in (received, by DocumentId).
- `outbox.py`   claim, send, back off; `receive.py` fetch, verify, register once;
  `statuses.py` our documents' events → status messages; `directory.py` the axis's list of
  organisations → organisation.Agency (external).
"""
