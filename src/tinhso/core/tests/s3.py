"""A local S3 for the object-storage tests: moto's server mode on a free port, reached over
HTTP by boto3 exactly as a MinIO or a cloud bucket is (no in-process mocking of boto3).

Use in a test module: `from tinhso.core.tests.s3 import local_s3, moto_endpoint  # noqa: F401`.
`local_s3` points settings.STORAGES["default"] at a fresh bucket, configured the way
production is (tinhso.envvars.s3_storage reading S3_* variables).
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from tinhso.envvars import s3_storage

ACCESS_KEY, SECRET_KEY, REGION = "kiem-thu", "kiem-thu-bi-mat", "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MotoServer:
    """One moto server on its own port (start, stop: the store going away)."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer  # imported only by the tests that use it

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.running = False

    def start(self) -> MotoServer:
        self._server.start()
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            self._server.stop()
            self.running = False


@dataclass
class LocalS3:
    endpoint: str
    bucket: str
    prefix: str = ""

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def keys(self) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(e["Key"] for page in pages for e in page.get("Contents", ()))

    def body(self, key: str) -> bytes:
        return bytes(self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read())

    def acl_grants(self, key: str) -> list[dict[str, Any]]:
        return list(self.client().get_object_acl(Bucket=self.bucket, Key=key)["Grants"])


def use_bucket(
    monkeypatch: pytest.MonkeyPatch, settings: Any, endpoint: str, bucket: str, prefix: str = ""
) -> None:
    """settings.STORAGES["default"] as production builds it from these S3_* variables."""
    for name, value in {
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "S3_ADDRESSING_STYLE": "path",
        "S3_PREFIX": prefix,
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(bucket)}


def new_bucket(server: MotoServer, prefix: str = "") -> LocalS3:
    found = LocalS3(server.endpoint, f"tinhso-{uuid.uuid4().hex[:12]}", prefix)
    found.client().create_bucket(Bucket=found.bucket)
    return found


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[MotoServer]:
    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def local_s3(moto_endpoint: MotoServer, monkeypatch: pytest.MonkeyPatch, settings: Any) -> LocalS3:
    """A fresh bucket on the session's moto server, the default storage of the test."""
    found = new_bucket(moto_endpoint)
    use_bucket(monkeypatch, settings, found.endpoint, found.bucket)
    return found
