#!/usr/bin/env python3
"""edXML benchmark (issue 15 must-have 7): packages built+signed and parsed+verified per second.

Runs in a throw-away test database and a tmp demo PKI (the trust list is in the database):

    .venv/bin/python bench/edxml_bench.py [N]

- "build+sign": build.build_edoc then xmlsig.sign (in-memory demo seal key, RSA-2048);
- "parse+verify": parse.parse_edoc with trust=True: size and DTD checks, XML parse, chain to
  the trust list (CRL of the demo CA), signature and digest over the whole document, then
  every field, base64 decoding and content sniffing of the attachments;
for a package with one 5 MB attachment and one with a 100 KB attachment.
"""

import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
TMP = Path(tempfile.mkdtemp(prefix="tinhso-edxmlbench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def rate(label: str, n: int, fn) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up
    start = time.perf_counter()
    for _ in range(n):
        fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<34} {n / elapsed:8.2f}/s   ({elapsed / n * 1000:8.1f} ms each, n={n})")
    return n / elapsed


def run(n: int) -> None:
    from tinhso.exchange.edxml import build, parse, xmlsig
    from tinhso.exchange.edxml.model import Attachment
    from tinhso.exchange.tests.test_edxml_samples import demo_signer, full_package
    from tinhso.signatures.certificates import add_trust_anchor
    from tinhso.signatures.democa import DemoCA

    ca = DemoCA(TMP).ensure()
    add_trust_anchor(ca.root().der, is_demo=True)
    ca.issue("bench-seal", "UBND tỉnh Tây Ninh")
    seal = demo_signer(ca, "bench-seal")
    for label, size in (("5 MB", 5 * 1024 * 1024), ("100 KB", 100 * 1024)):
        data = b"%PDF-1.7\n" + os.urandom(size - 9)
        package = replace(
            full_package(), attachments=(Attachment("cid:a1", "application/pdf", "scan.pdf", data),)
        )
        signed = xmlsig.sign(build.build_edoc(package), seal)
        assert parse.parse_edoc(signed).package == package
        print(f"-- attachment {label}: package {len(signed) / 1024 / 1024:.2f} MB")
        rate(f"build+sign ({label})", n, lambda p=package: xmlsig.sign(build.build_edoc(p), seal))
        rate(f"parse+verify ({label})", n, lambda s=signed: parse.parse_edoc(s))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.SIGNATURES_DEMO_DIR = TMP
    try:
        run(n)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
