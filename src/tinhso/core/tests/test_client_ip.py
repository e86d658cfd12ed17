"""The client's address (core/client_ip.py): forwarded headers only from a configured proxy."""

import pytest
from django.http import HttpRequest

from tinhso.core.client_ip import client_ip


def request(remote: str = "198.51.100.7", **headers: str) -> HttpRequest:
    made = HttpRequest()
    made.META = {"REMOTE_ADDR": remote, **headers}
    return made


def test_without_a_configured_header_a_spoofed_forwarded_for_changes_nothing(settings):
    settings.CLIENT_IP_HEADER = ""
    spoofed = request(HTTP_X_FORWARDED_FOR="1.2.3.4", HTTP_X_REAL_IP="5.6.7.8")
    assert client_ip(spoofed) == "198.51.100.7"


def test_one_trusted_proxy_takes_the_address_it_appended(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4"; nginx appended the address it really saw.
    seen = request("10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(seen) == "203.0.113.9"


def test_two_trusted_proxies_take_the_second_from_the_right(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 2
    seen = request("10.0.0.3", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.2")
    assert client_ip(seen) == "203.0.113.9"


@pytest.mark.parametrize("header", ["", "nonsense", "203.0.113.9, not-an-ip"])
def test_a_missing_short_or_malformed_header_falls_back_to_the_proxy(settings, header):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.2", HTTP_X_FORWARDED_FOR=header)) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 3
    short = request("10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    assert client_ip(short) == "10.0.0.2"


def test_x_real_ip_and_ipv6(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request("10.0.0.2", HTTP_X_REAL_IP="2001:db8::7")) == "2001:db8::7"


def test_the_header_is_believed_only_from_the_trusted_networks(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    direct = request("198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(direct) == "198.51.100.7"
    proxied = request("10.1.2.3", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(proxied) == "1.2.3.4"


def test_no_request_no_address():
    assert client_ip(None) is None
