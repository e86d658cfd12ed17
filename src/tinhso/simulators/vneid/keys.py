"""The simulator's RSA signing key: from VNEID_SIMULATOR_PRIVATE_KEY (PEM, or
VNEID_SIMULATOR_PRIVATE_KEY_FILE), else generated once into var/vneid-simulator-key.pem."""

import contextlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from joserfc.jwk import RSAKey

KEY_FILE_NAME = "vneid-simulator-key.pem"
_lock = threading.Lock()
_loaded: dict[str, RSAKey] = {}


def _pem() -> bytes:
    configured = getattr(settings, "VNEID_SIMULATOR_PRIVATE_KEY", "")
    if configured:
        return configured.encode()
    path = Path(settings.VAR_DIR) / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = RSAKey.generate_key(2048).as_pem(private=True)
        # Written whole to a temporary file, then linked into place: when two processes start
        # at once, one key wins and neither reads a half-written file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vneid-key-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return path.read_bytes()


def signing_key() -> RSAKey:
    pem = _pem()
    with _lock:
        key = _loaded.get(pem.decode())
        if key is None:
            key = RSAKey.import_key(pem, parameters={"use": "sig", "alg": "RS256"})
            key.ensure_kid()
            _loaded[pem.decode()] = key
    return key


def public_jwks() -> dict[str, Any]:
    return {"keys": [signing_key().as_dict(private=False)]}
