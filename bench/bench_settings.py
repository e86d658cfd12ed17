"""tinhso.settings (production when TINHSO_ENV=production) with the bench URLconf."""

from tinhso.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
