"""Setting up the demo PKI in the database (manage.py signatures_demo_ca; the demo loader).

Idempotent: the demo root becomes a trust anchor (is_demo), every agency where demo staff
work gets a seal certificate (its key also on the SoftHSM2 token when SoftHSM2 is installed),
every leader, clerk and one-stop officer a personal certificate, with demo signature and seal
images. All of it is marked "KHÔNG DÙNG THẬT" and is_demo.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from tinhso.signatures.certificates import add_trust_anchor, register_certificate
from tinhso.signatures.democa import ROOT_NAME, DemoCA, default_directory
from tinhso.signatures.models import CertificateKind

PERSON_ROLES = ("agency_leader", "province_leader", "head_of_department", "clerk", "reception")


@dataclass
class DemoPkiReport:
    directory: Path
    seals: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    hsm: str = ""


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9._-]", "-", value.lower())[:70]


def softhsm_conf(directory: Path) -> Path:
    return directory / "softhsm" / "softhsm2.conf"


def init_softhsm(directory: Path, label: str, pin: str) -> bool:
    """A SoftHSM2 token `label` under `directory` (PIN = SO PIN = `pin`); False if none."""
    tool = shutil.which("softhsm2-util")
    if tool is None or not Path(settings.PKCS11_LIB).exists():
        return False
    conf = softhsm_conf(directory)
    tokens = conf.parent / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    shown = subprocess.run(  # noqa: S603 – our own arguments
        [tool, "--show-slots"], env=env, capture_output=True, text=True, check=False
    )
    if f"Label:            {label}" not in shown.stdout and f"Label: {label}" not in shown.stdout:
        subprocess.run(  # noqa: S603 – our own arguments
            [tool, "--init-token", "--free", "--label", label, "--so-pin", pin, "--pin", pin],
            env=env,
            capture_output=True,
            check=True,
        )
    os.environ.setdefault("SOFTHSM2_CONF", str(conf))
    return True


def load_demo_signatures(directory: Path | None = None, *, with_hsm: bool = True) -> DemoPkiReport:
    from tinhso.accounts.models import StaffRole
    from tinhso.organisation.models import Agency
    from tinhso.signatures.providers.pkcs11 import install_key

    ca = DemoCA(directory or default_directory()).ensure()
    report = DemoPkiReport(ca.dir)
    add_trust_anchor(ca.root().der, name=ROOT_NAME, is_demo=True)
    pin = settings.PKCS11_USER_PIN
    hsm = bool(with_hsm and pin and init_softhsm(ca.dir, settings.PKCS11_TOKEN_LABEL, pin))
    report.hsm = settings.PKCS11_TOKEN_LABEL if hsm else ""
    roles = StaffRole.objects.filter(is_active=True).select_related("user", "agency")
    agency_ids = sorted({r.agency_id for r in roles})
    for agency in Agency.objects.filter(pk__in=agency_ids):
        name = f"seal-{_slug(agency.code)}"
        issued = ca.issue(name, agency.name[:64], organisation=agency.name[:64])
        register_certificate(
            issued.der, kind=CertificateKind.SEAL, agency=agency, key_reference=name, is_demo=True
        )
        ca.seal_png(name, agency.name)
        if hsm:
            install_key(
                lib=settings.PKCS11_LIB,
                token_label=settings.PKCS11_TOKEN_LABEL,
                pin=pin,
                label=name,
                key_pkcs8_der=issued.key_pkcs8_der,
                cert_der=issued.der,
                chain_der=ca.chain_der(),
            )
        report.seals.append(agency.name)
    seen: set[int] = set()
    for role in roles:
        if role.role not in PERSON_ROLES or role.user_id in seen:
            continue
        seen.add(role.user_id)
        user = role.user
        full_name = (user.get_full_name() or user.get_username())[:64]
        name = f"user-{_slug(user.get_username())}"
        issued = ca.issue(name, full_name)
        register_certificate(
            issued.der, kind=CertificateKind.PERSON, user=user, key_reference=name, is_demo=True
        )
        ca.signature_png(name, full_name)
        report.people.append(user.get_username())
    return report
