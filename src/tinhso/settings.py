"""The one settings module of Tỉnh Số.

Every value a deployment may change comes from an environment variable (listed in
`.env.example`); a malformed value stops start-up with ImproperlyConfigured instead of
being guessed at.
"""

import os
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from tinhso.core.csp_policy import CSP_POLICY
from tinhso.core.logs import logging_config
from tinhso.envvars import (
    caches,
    check_rate_limits,
    database,
    env_bool,
    env_int,
    env_list,
    env_str,
    office_periods,
    replica_database,
    s3_storage,
    secret_key,
)

# Generic Django classes take type parameters at run time too (admin.ModelAdmin[Agency]), as
# mypy with django-stubs wants them written.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

# development (the default) generates a secret under var/; production requires one.
TINHSO_ENV = os.environ.get("TINHSO_ENV", "development")
if TINHSO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"TINHSO_ENV={TINHSO_ENV!r}: use development or production")
PRODUCTION = TINHSO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = secret_key(PRODUCTION, VAR_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public base address, used in links that leave the site (QR codes, e-mails).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PROVINCE_NAME = env_str("PROVINCE_NAME", "Tây Ninh")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "ninja",
    # ours, in this order (a context after those it builds on; tests/test_import_direction.py)
    *(
        f"tinhso.{name}"
        for name in (
            "core audit organisation accounts privacy catalogue signatures workcalendar "
            "notifications printing dossiers documents workfiles archive exchange payments eforms "
            "documentstore submission mydossiers ratings dashboard statistics nationalportal "
            "operations simulators portal demo tasks"
        ).split()
    ),
]

MIDDLEWARE = [
    "tinhso.operations.middleware.ProbeMiddleware",  # /healthz /readyz /metrics: no host check
    "django.middleware.security.SecurityMiddleware",
    "tinhso.operations.middleware.RequestIdMiddleware",  # X-Request-ID; route latency
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tinhso.core.storage_down.StorageDownMiddleware",  # last: a 503 when the file store fails
]

ROOT_URLCONF = "tinhso.urls"
WSGI_APPLICATION = "tinhso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tinhso.core.context_processors.site",
            ],
        },
    },
]


DATABASES = {"default": database(BASE_DIR, PRODUCTION)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Covering indexes (INCLUDE) serve the queues on PostgreSQL; SQLite builds them without the
# extra columns, which is all a demo needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Strong passwords. TCVN 14423:2026 (as summarised in regulations.md §10.2, unverified) asks for
# at least 14 characters with upper, lower, digit and special characters where there is no MFA.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "tinhso.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 14},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tinhso.accounts.passwords.CharacterClassValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy everywhere (tinhso/formats/vi/formats.py); amounts use the |dong filter.
FORMAT_MODULE_PATH = ["tinhso.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "tinhso.core.storage.LocalStorage"},  # or S3: S3_BUCKET below
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Largest file a citizen or officer may attach to a dossier (tinhso.dossiers.intake).
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tỉnh Số <no-reply@tinhso.local>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    # The reverse proxy terminates TLS and must set X-Forwarded-Proto (and strip the client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    # Plain-HTTP requests are sent to https:// by Django too, in case the proxy does not.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Both are promises about the whole domain (every subdomain HTTPS-only; the browsers'
    # preload list, hard to leave): the province's IT department decides them, not this app.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # check --deploy (tests/production/test_check_deploy.py) warns about each left off.
    # security.W005 / W021: off by default for the reason above; on with the variables.
    if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
        SILENCED_SYSTEM_CHECKS.append("security.W005")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    # security.W008: SECURE_SSL_REDIRECT=false is for a proxy that redirects by itself.
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS.append("security.W008")

# Content-Security-Policy on every response (django-csp); the policy and why: core/csp_policy.py.
CONTENT_SECURITY_POLICY = CSP_POLICY

# LOG_FORMAT: "text" (default in development) or "json" (default in production), one object
# per line with the request id (tinhso.core.logs).
LOG_FORMAT = env_str("LOG_FORMAT") or ("json" if PRODUCTION else "text")
LOGGING = logging_config(LOG_FORMAT, env_str("LOG_LEVEL", "INFO"))

NINJA_PAGINATION_PER_PAGE = 20

# Office hours (workcalendar.calendar): morning and afternoon periods, lunch excluded; deadline
# time runs inside them. OFFICE_OPENS_AT / _CLOSES_AT move the first opening and last closing.
OFFICE_PERIODS = env_str("OFFICE_PERIODS", "07:30-11:30,13:00-17:00")
_PERIODS = office_periods(OFFICE_PERIODS)
OFFICE_OPENS_AT = env_str("OFFICE_OPENS_AT", _PERIODS[0][0])
OFFICE_CLOSES_AT = env_str("OFFICE_CLOSES_AT", _PERIODS[-1][1])

# Dossier clocks checked by `manage.py dossier_deadlines` (docs/dossier-deadlines.md), in
# working days unless said: the applicant's time to answer a supplement request when the
# procedure states none, the reminder before it ends, the longest an online dossier may wait
# in "chờ tiếp nhận" (working hours) and the days after which an uncollected result is listed.
SUPPLEMENT_DEADLINE_DAYS = env_int("SUPPLEMENT_DEADLINE_DAYS", 30)
SUPPLEMENT_REMINDER_DAYS = env_int("SUPPLEMENT_REMINDER_DAYS", 2)
INTAKE_WAIT_LIMIT_HOURS = env_int("INTAKE_WAIT_LIMIT_HOURS", 8)
RESULT_UNCOLLECTED_DAYS = env_int("RESULT_UNCOLLECTED_DAYS", 5)
for _name in (
    "SUPPLEMENT_DEADLINE_DAYS",
    "SUPPLEMENT_REMINDER_DAYS",
    "INTAKE_WAIT_LIMIT_HOURS",
    "RESULT_UNCOLLECTED_DAYS",
):
    if not 0 < globals()[_name] <= 365:
        raise ImproperlyConfigured(f"{_name}={globals()[_name]}: use a whole number from 1 to 365")

# SMS: "local" writes what would be sent to var/sms-outbox.jsonl (tinhso.notifications).
SMS_BACKEND = env_str("SMS_BACKEND", "local")
SMS_OUTBOX = Path(env_str("SMS_OUTBOX", str(VAR_DIR / "sms-outbox.jsonl")))
# SMS_BACKEND=http: a brandname SMS gateway speaking JSON over HTTPS (notifications/sms.py).
SMS_URL = env_str("SMS_URL", "")
SMS_BRANDNAME = env_str("SMS_BRANDNAME", "")
SMS_API_KEY = env_str("SMS_API_KEY", "")
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10)

# Local simulators of outside services (VNeID, the national portal) under /mo-phong/: on in
# development and the demo, off in production unless asked for.
SIMULATORS_ENABLED = env_bool("SIMULATORS_ENABLED", default=not PRODUCTION)

# --- citizen accounts and VNeID sign-in (tinhso.accounts) ----------------------------------
# Sign-in with a username, an e-mail address or a mobile number (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["tinhso.accounts.backends.IdentifierBackend"]
# Seconds a password-reset link sent by e-mail stays valid (Django's default is 3 days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)

# Sign-in with VNeID by OpenID Connect (accounts/oidc.py, accounts/vneid.py). An empty
# VNEID_ISSUER means the local simulator at SITE_URL/mo-phong/vneid when SIMULATORS_ENABLED
# (its client id and secret then default to the simulator's own), else VNeID sign-in is off.
VNEID_ISSUER = env_str("VNEID_ISSUER", "").rstrip("/")
VNEID_CLIENT_ID = env_str("VNEID_CLIENT_ID", "")
VNEID_CLIENT_SECRET = env_str("VNEID_CLIENT_SECRET", "")
VNEID_SCOPES = env_str("VNEID_SCOPES") or "openid profile"
VNEID_TOKEN_AUTH_METHOD = env_str("VNEID_TOKEN_AUTH_METHOD") or "client_secret_post"
if VNEID_TOKEN_AUTH_METHOD not in {"client_secret_post", "client_secret_basic"}:
    raise ImproperlyConfigured(
        f"VNEID_TOKEN_AUTH_METHOD={VNEID_TOKEN_AUTH_METHOD!r}: "
        "use client_secret_post or client_secret_basic"
    )
VNEID_ACR_VALUES = env_str("VNEID_ACR_VALUES", "")
VNEID_TIMEOUT = env_int("VNEID_TIMEOUT", 10)
# Empty: SITE_URL + /dang-nhap/vneid/ket-qua/ (register this address with VNeID).
VNEID_REDIRECT_URI = env_str("VNEID_REDIRECT_URI", "")
if VNEID_ISSUER and not (VNEID_CLIENT_ID and VNEID_CLIENT_SECRET):
    raise ImproperlyConfigured("VNEID_ISSUER needs VNEID_CLIENT_ID and VNEID_CLIENT_SECRET")
if PRODUCTION and VNEID_ISSUER and not VNEID_ISSUER.startswith("https://"):
    raise ImproperlyConfigured("VNEID_ISSUER must be an https:// address in production")
# The simulator (tinhso.simulators.vneid): its registered client (defaults: the values above,
# else "tinhso-local" and a secret derived from SECRET_KEY), the redirect URIs it accepts
# (default: this site's) and its RSA signing key in PEM (VNEID_SIMULATOR_PRIVATE_KEY_FILE
# works too; empty: generated once into var/vneid-simulator-key.pem).
VNEID_SIMULATOR_CLIENT_ID = env_str("VNEID_SIMULATOR_CLIENT_ID", "")
VNEID_SIMULATOR_CLIENT_SECRET = env_str("VNEID_SIMULATOR_CLIENT_SECRET", "")
VNEID_SIMULATOR_REDIRECT_URIS = env_list("VNEID_SIMULATOR_REDIRECT_URIS", [])
VNEID_SIMULATOR_PRIVATE_KEY = env_str("VNEID_SIMULATOR_PRIVATE_KEY", "")
# --- national public-service portal (tinhso.nationalportal) --------------------------------
# Dossiers filed on the Cổng Dịch vụ công quốc gia arrive at /api/v1/national-portal/dossiers;
# status changes go back to NATIONAL_PORTAL_STATUS_URL. Both directions are signed with
# HMAC-SHA256 over "<X-Timestamp>.<body>" (docs/national-portal.md). The development defaults
# talk to the local simulator (/mo-phong/dvcqg/); production has no default secret, so the
# inbound API refuses everything until one is set.
# (An empty value counts as unset, so a copied .env.example keeps the defaults.)
NATIONAL_PORTAL_INBOUND_SECRET = env_str("NATIONAL_PORTAL_INBOUND_SECRET") or (
    "" if PRODUCTION else "dvcqg-mo-phong-chieu-den"
)
NATIONAL_PORTAL_STATUS_SECRET = env_str("NATIONAL_PORTAL_STATUS_SECRET") or (
    "" if PRODUCTION else "dvcqg-mo-phong-chieu-di"
)
NATIONAL_PORTAL_STATUS_URL = env_str("NATIONAL_PORTAL_STATUS_URL") or (
    f"{SITE_URL}/mo-phong/dvcqg/trang-thai/" if SIMULATORS_ENABLED else ""
)
# Where a reconciliation asks the portal what it holds (docs/national-portal.md,
# "Reconciliation"); empty: compare with the updates the portal acknowledged (2xx).
NATIONAL_PORTAL_LEDGER_URL = env_str("NATIONAL_PORTAL_LEDGER_URL") or (
    f"{SITE_URL}/mo-phong/dvcqg/da-nhan/" if SIMULATORS_ENABLED else ""
)
# Seconds a signed request stays acceptable (either side of our clock).
NATIONAL_PORTAL_REPLAY_WINDOW = env_int("NATIONAL_PORTAL_REPLAY_WINDOW", 300)
# Seconds to wait for the portal when sending a status update.
NATIONAL_PORTAL_TIMEOUT = env_int("NATIONAL_PORTAL_TIMEOUT", 5)
# A status update that failed waits NATIONAL_PORTAL_RETRY_BASE seconds, doubling each time
# (at most 6 hours), and is marked failed after NATIONAL_PORTAL_MAX_ATTEMPTS attempts.
NATIONAL_PORTAL_RETRY_BASE = env_int("NATIONAL_PORTAL_RETRY_BASE", 60)
NATIONAL_PORTAL_MAX_ATTEMPTS = env_int("NATIONAL_PORTAL_MAX_ATTEMPTS", 8)
if min(NATIONAL_PORTAL_TIMEOUT, NATIONAL_PORTAL_RETRY_BASE, NATIONAL_PORTAL_MAX_ATTEMPTS) < 1:
    raise ImproperlyConfigured(
        "NATIONAL_PORTAL_TIMEOUT, NATIONAL_PORTAL_RETRY_BASE and NATIONAL_PORTAL_MAX_ATTEMPTS "
        "must be at least 1"
    )

# --- abuse controls (issue 11, findings 6 and 7): client IP, shared cache, rate limits, -----
# --- sign-in throttling (tinhso.core.client_ip, tinhso.core.ratelimit, accounts/signin.py) ---
# The client's address is REMOTE_ADDR unless the reverse proxy's header is named here, e.g.
# CLIENT_IP_HEADER=X-Forwarded-For with TRUSTED_PROXY_COUNT=1 (one nginx in front: it appends
# the address it saw), or X-Real-IP. TRUSTED_PROXY_NETWORKS (comma-separated CIDRs), when set,
# believes the header only from those addresses. Unset, a client's X-Forwarded-For is ignored.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "").strip()
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
TRUSTED_PROXY_NETWORKS = env_list("TRUSTED_PROXY_NETWORKS", [])
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be at least 1")


# --- digital signatures (tinhso.signatures, issue 13; docs/signatures.md) ------------------
# Signing providers that are on (signatures/providers/__init__.py maps names to classes).
SIGNING_PROVIDERS = env_list("SIGNING_PROVIDERS", ["pkcs11", "local_app", "remote"])
# The demo PKI (signatures_demo_ca): keys and certificates, never in git.
SIGNATURES_DEMO_DIR = Path(env_str("SIGNATURES_DEMO_DIR", str(VAR_DIR / "signatures-demo")))
# Largest PDF accepted for signing or validation (bytes).
SIGNATURE_MAX_BYTES = env_int("SIGNATURE_MAX_BYTES", 50 * 1024 * 1024)
# Validation: fetch CRL/OCSP over the network (off: embedded data and SIGNATURE_CRL_FILES only);
# revocation "soft-fail" (missing data is not fatal) or "hard-fail".
SIGNATURE_ALLOW_FETCHING = env_bool("SIGNATURE_ALLOW_FETCHING", default=False)
SIGNATURE_REVOCATION_MODE = env_str("SIGNATURE_REVOCATION_MODE", "soft-fail")
if SIGNATURE_REVOCATION_MODE not in {"soft-fail", "hard-fail"}:
    raise ImproperlyConfigured("SIGNATURE_REVOCATION_MODE: use soft-fail or hard-fail")
SIGNATURE_CRL_FILES = env_list("SIGNATURE_CRL_FILES", [])
# RFC 3161 timestamp authority; empty: the demo TSA in process when the demo CA exists.
SIGNATURE_TSA_URL = env_str("SIGNATURE_TSA_URL", "")
# Agency seal in a hardware module (signatures/providers/pkcs11.py); PIN from the environment.
PKCS11_LIB = env_str("PKCS11_LIB", "/usr/lib/softhsm/libsofthsm2.so")
PKCS11_TOKEN_LABEL = env_str("PKCS11_TOKEN_LABEL", "tinhso-seal")
# Development and the demo: a SoftHSM2 token under SIGNATURES_DEMO_DIR with a demo PIN.
PKCS11_USER_PIN = env_str("PKCS11_USER_PIN") or ("" if PRODUCTION else "246810")
# Seconds an asynchronous signing session (local app, phone) stays open.
SIGNING_SESSION_TTL = env_int("SIGNING_SESSION_TTL", 600)
# Dossier results (dossiers/result_signing.py): a PDF result is returned only signed by the
# competent leader (this provider) and then sealed by the agency (the seal provider).
RESULT_SIGNATURES_REQUIRED = env_bool("RESULT_SIGNATURES_REQUIRED", default=True)
RESULT_SIGNING_PROVIDER = env_str("RESULT_SIGNING_PROVIDER", "local_app")
RESULT_SEAL_PROVIDER = env_str("RESULT_SEAL_PROVIDER", "pkcs11")
# Remote signing on a phone (signatures/providers/remote.py; docs/signatures-remote.md): a
# service speaking VNPT SmartCA's shapes. Development defaults talk to the local simulator
# (/mo-phong/smartca/); production has no default account or webhook secret.
SMARTCA_BASE_URL = env_str("SMARTCA_BASE_URL") or (
    f"{SITE_URL}/mo-phong/smartca/sca/sp769" if SIMULATORS_ENABLED else ""
)
SMARTCA_SP_ID = env_str("SMARTCA_SP_ID") or ("" if PRODUCTION else "tinhso-mo-phong")
SMARTCA_SP_PASSWORD = env_str("SMARTCA_SP_PASSWORD") or ("" if PRODUCTION else "smartca-mo-phong")
# HMAC-SHA256 secret shared with the provider for its webhook (empty: webhook refused).
SMARTCA_WEBHOOK_SECRET = env_str("SMARTCA_WEBHOOK_SECRET") or (
    "" if PRODUCTION else "smartca-webhook-mo-phong"
)
SMARTCA_TIMEOUT = env_int("SMARTCA_TIMEOUT", 10)
# The simulator: seconds "the user" has to answer on the phone, and where it posts the webhook
# (empty: SITE_URL + the webhook route; "-": no webhook, poll only).
SMARTCA_SIMULATOR_CONFIRM_SECONDS = env_int("SMARTCA_SIMULATOR_CONFIRM_SECONDS", 300)
SMARTCA_SIMULATOR_WEBHOOK_URL = env_str("SMARTCA_SIMULATOR_WEBHOOK_URL", "")

# CACHE_URL: redis://… (production), db://, locmem:// (tinhso.envvars.caches).
CACHES = caches(env_str("CACHE_URL", "").strip(), PRODUCTION)
# With a shared cache, a signed-in page reads its session from it instead of the database
# (written to both; the database answers when the cache has lost it or is down).
SESSION_ENGINE = "django.contrib.sessions.backends." + (
    "cached_db" if CACHES["default"]["BACKEND"].endswith("TolerantRedisCache") else "db"
)

# Requests per seconds, per client IP ("N/S"). 429 with a Vietnamese message beyond.
RATE_LIMITS = {
    # /tra-cuu/ look-ups with a code, and wrong proofs of one code (from any address).
    "tracking": env_str("RATE_LIMIT_TRACKING") or "30/600",
    "tracking_proof": env_str("RATE_LIMIT_TRACKING_PROOF") or "10/3600",
    "signup": env_str("RATE_LIMIT_SIGNUP") or "10/3600",
    "password_reset": env_str("RATE_LIMIT_PASSWORD_RESET") or "10/3600",
    "vneid_callback": env_str("RATE_LIMIT_VNEID_CALLBACK") or "30/600",
    # the public signature validator (/xac-thuc-van-ban/, POST /api/v1/signatures/validate)
    "signature_validate": env_str("RATE_LIMIT_SIGNATURE_VALIDATE") or "30/600",
}
check_rate_limits(RATE_LIMITS)

# Sign-in: after SIGNIN_FREE_FAILURES wrong passwords for one account from one address, each
# further attempt from that address waits SIGNIN_DELAY_BASE seconds, doubling, at most
# SIGNIN_DELAY_MAX; other addresses (the owner's) are not held back. One address may fail
# SIGNIN_IP_FAILURES times per SIGNIN_IP_WINDOW seconds across all accounts.
SIGNIN_FREE_FAILURES = env_int("SIGNIN_FREE_FAILURES", 5)
SIGNIN_DELAY_BASE = env_int("SIGNIN_DELAY_BASE", 60)
SIGNIN_DELAY_MAX = env_int("SIGNIN_DELAY_MAX", 900)
SIGNIN_IP_FAILURES = env_int("SIGNIN_IP_FAILURES", 100)
SIGNIN_IP_WINDOW = env_int("SIGNIN_IP_WINDOW", 900)
if min(SIGNIN_FREE_FAILURES, SIGNIN_DELAY_BASE, SIGNIN_IP_FAILURES, SIGNIN_IP_WINDOW) < 1:
    raise ImproperlyConfigured("SIGNIN_* limits must be at least 1")
# --- end of abuse controls -------------------------------------------------------------------

# --- liên thông văn bản (tinhso.exchange, issue 15; docs/exchange.md) ---------------------
# "vdxp": national axis (systemId + secret); "lgsp": provincial platform (bearer token).
# SIMULATORS_ENABLED: defaults = this server's axis simulator (`manage.py axis_register`).
EXCHANGE_TRANSPORT = env_str("EXCHANGE_TRANSPORT") or "vdxp"
if EXCHANGE_TRANSPORT not in ("vdxp", "lgsp"):
    raise ImproperlyConfigured(f"EXCHANGE_TRANSPORT={EXCHANGE_TRANSPORT!r}: use vdxp or lgsp")
_SIM = f"{SITE_URL}/mo-phong" if SIMULATORS_ENABLED else ""
EXCHANGE_AXIS_URL = env_str("EXCHANGE_AXIS_URL").rstrip("/") or (_SIM and f"{_SIM}/truc-lien-thong")
EXCHANGE_SYSTEM_ID = env_str("EXCHANGE_SYSTEM_ID") or ("" if PRODUCTION else "tinhso.mo-phong")
EXCHANGE_SECRET = env_str("EXCHANGE_SECRET") or ("" if PRODUCTION else "truc-mo-phong-khoa-bi-mat")
EXCHANGE_LGSP_URL = env_str("EXCHANGE_LGSP_URL").rstrip("/") or (
    _SIM and f"{_SIM}/lgsp/api/lgspedoc"
)
EXCHANGE_LGSP_USERNAME = env_str("EXCHANGE_LGSP_USERNAME") or EXCHANGE_SYSTEM_ID
EXCHANGE_LGSP_PASSWORD = env_str("EXCHANGE_LGSP_PASSWORD") or EXCHANGE_SECRET
EXCHANGE_LGSP_APPLICATION_CODE = env_str("EXCHANGE_LGSP_APPLICATION_CODE") or "TINHSO"
EXCHANGE_TIMEOUT_SECONDS = env_int("EXCHANGE_TIMEOUT_SECONDS", 10)
if EXCHANGE_TIMEOUT_SECONDS < 1:
    raise ImproperlyConfigured("EXCHANGE_TIMEOUT_SECONDS must be at least 1")
# Largest edXML package accepted (bytes), refused before parsing.
EXCHANGE_MAX_PACKAGE_BYTES = env_int("EXCHANGE_MAX_PACKAGE_BYTES", 50 * 1024 * 1024)
# Outbox sent when the change commits; `exchange_send`/`exchange_run` retry what could not go,
# after EXCHANGE_RETRY_BASE_SECONDS doubled per attempt, capped at EXCHANGE_RETRY_MAX_SECONDS.
EXCHANGE_SEND_AFTER_COMMIT = env_bool("EXCHANGE_SEND_AFTER_COMMIT", True)
EXCHANGE_RETRY_BASE_SECONDS = max(env_int("EXCHANGE_RETRY_BASE_SECONDS", 30), 1)
EXCHANGE_RETRY_MAX_SECONDS = max(env_int("EXCHANGE_RETRY_MAX_SECONDS", 900), 1)

# --- online payment (issue 16, tinhso.payments.gateways); defaults: this server's simulators ---
_SIM = f"{SITE_URL}/mo-phong" if SIMULATORS_ENABLED else ""
_DEMO = "" if PRODUCTION else "mo-phong"
VNPAY_TMN_CODE = env_str("VNPAY_TMN_CODE") or (_DEMO and "TINHSO01")
VNPAY_HASH_SECRET = env_str("VNPAY_HASH_SECRET") or (_DEMO and "vnpay-mo-phong-bi-mat")
VNPAY_PAY_URL = env_str("VNPAY_PAY_URL") or (_SIM and f"{_SIM}/vnpay/paymentv2/vpcpay.html")
VNPAY_API_URL = env_str("VNPAY_API_URL") or (
    _SIM and f"{_SIM}/vnpay/merchant_webapi/api/transaction"
)
VNPAY_TIMEOUT = env_int("VNPAY_TIMEOUT", 10)
DVCQG_PAY_PARTNER_CODE = env_str("DVCQG_PAY_PARTNER_CODE") or (_DEMO and "TINHSO")
DVCQG_PAY_HASH_KEY = env_str("DVCQG_PAY_HASH_KEY") or (_DEMO and "khoa-nen-tang-thanh-toan")
DVCQG_PAY_INIT_URL = env_str("DVCQG_PAY_INIT_URL") or (_SIM and f"{_SIM}/ntt/khoi-tao")
DVCQG_PAY_QUERY_URL = env_str("DVCQG_PAY_QUERY_URL") or (_SIM and f"{_SIM}/ntt/tra-cuu")
PAYGOV_URL = env_str("PAYGOV_URL") or (_SIM and f"{_SIM}/paygov/api/v1/PayGov")
PAYGOV_LOGIN_URL = env_str("PAYGOV_LOGIN_URL") or (_SIM and f"{_SIM}/paygov/login")
PAYGOV_PARTNER_CODE = env_str("PAYGOV_PARTNER_CODE") or (_DEMO and "TINHSO")
PAYGOV_SECRET = env_str("PAYGOV_SECRET") or (_DEMO and "khoa-paygov-mo-phong")
PAYGOV_TOKEN = env_str("PAYGOV_TOKEN")  # else PayGov logs in with the EXCHANGE_LGSP_* account
PAYMENT_TIMEOUT_SECONDS = env_int("PAYMENT_TIMEOUT_SECONDS", 10)

# --- province-scale operation (issue 17; docs/operations.md, deploy/) ------------------------
# /metrics (Prometheus text format) answers only "Authorization: Bearer <METRICS_TOKEN>"; unset,
# it answers 404. /healthz and /readyz are open (they say nothing but "ok" or what is down).
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]  # ProbeMiddleware answers them first
# Background work on Celery (tinhso.tasks). CELERY_BROKER_URL=redis://…: a worker and beat run
# the tasks; unset, a task runs in-process when it is queued (`make run`, the tests). Either
# way the outboxes stay the source of truth: a task only drains them.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Files: S3_BUCKET set → S3-compatible object storage through django-storages (S3_* below);
# unset → MEDIA_ROOT on local disk.
S3_BUCKET = env_str("S3_BUCKET", "")
STORAGES["default"] = s3_storage(S3_BUCKET)  # S3_ENDPOINT_URL, S3_REGION …: tinhso.envvars
# Read replica for statistics and the dashboard (tinhso.core.db_router); unset: the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
DATABASES |= replica_database(DATABASE_REPLICA_URL, DATABASES["default"])
DATABASE_ROUTERS = ["tinhso.core.db_router.ReplicaRouter"]
