"""The local S3 (tinhso.core.tests.s3) for the object-storage tests of this folder."""

from tinhso.core.tests.s3 import local_s3, moto_endpoint  # noqa: F401 - fixtures
