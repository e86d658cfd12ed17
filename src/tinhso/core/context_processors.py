from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    return {"PROVINCE_NAME": settings.PROVINCE_NAME, "SITE_URL": settings.SITE_URL}
