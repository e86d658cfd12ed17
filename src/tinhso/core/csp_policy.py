"""The Content-Security-Policy sent on every response (django-csp).

Scripts and styles only from our own static files, so an injected <script>, on*= handler or
style attribute does not run. No template may carry inline script or style; htmx's own
indicator <style> is turned off by the htmx-config meta tag in base.html. A response that sets
its own policy (file downloads) keeps it. tests/production/ and
core/tests/test_security_headers.py check it.
"""

from typing import Any

from csp.constants import NONE, SELF

CSP_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI (/api/v1/docs) draws its icons as data: images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
