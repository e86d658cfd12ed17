from django.db import models

from tinhso.privacy.constants import NOTICE_VERSION


class AccountKind(models.TextChoices):
    STAFF = "staff", "Cán bộ, công chức"
    CITIZEN = "citizen", "Công dân"
    BUSINESS = "business", "Tổ chức, doanh nghiệp"


class SignerRank(models.TextChoices):
    """Where a leader stands when signing (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.7)."""

    HEAD = "head", "Người đứng đầu"
    DEPUTY = "deputy", "Cấp phó (ký thay – KT.)"
    ACTING = "acting", "Quyền người đứng đầu (Q.)"


class SignInMethod(models.TextChoices):
    """How a person proved who they are when signing in (kept on every sign-in record)."""

    PASSWORD = "password", "Mật khẩu"
    VNEID = "vneid", "VNeID"


class IdentityProvider(models.TextChoices):
    """Outside identity providers an account can be linked to."""

    VNEID = "vneid", "VNeID (Bộ Công an)"


# Version of the personal-data notice shown at sign-up (templates
# accounts/_consent_notice.html): kept with tinhso.privacy, which records the consents.
CONSENT_VERSION = NOTICE_VERSION
# Consent given on VNeID's own screen when the person agreed to share their identity with us.
CONSENT_VIA_VNEID = "vneid"
