"""The private-address guard: every refusal class and host form, with the allow list empty."""

from __future__ import annotations

import pytest

from service.fetch.errors import FetchRefused
from service.fetch.guard import check_url


def resolver(*addresses: str):
    return lambda host, port: list(addresses)


PUBLIC = resolver("93.184.215.14")


@pytest.mark.parametrize("url", [
    "ftp://example.org/story", "file:///etc/passwd", "gopher://example.org/",
    "javascript:alert(1)", "data:text/html,hi"])
def test_schemes_other_than_http_and_https_are_refused(url):
    with pytest.raises(FetchRefused) as caught:
        check_url(url, PUBLIC)
    assert caught.value.reason in {"scheme", "invalid url"}


@pytest.mark.parametrize("url", [
    "http://user:secret@example.org/story", "http://user@example.org/",
    "https://:pw@example.org/", "http://example.org@10.0.0.1/"])
def test_urls_with_user_info_are_refused(url):
    with pytest.raises(FetchRefused) as caught:
        check_url(url, PUBLIC)
    assert caught.value.reason == "user-info"


@pytest.mark.parametrize(("host", "reason"), [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("localhost.", "loopback"),
    ("2130706433", "loopback"), ("0177.0.0.1", "loopback"), ("0x7f.1", "loopback"),
    ("127.1", "loopback"), ("[::1]", "loopback"), ("[::ffff:127.0.0.1]", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.9", "private"), ("192.168.1.1", "private"),
    ("0xa.0.0.1", "private"), ("167772161", "private"), ("[fd00::5]", "private"),
    ("[::ffff:192.168.0.1]", "private"), ("[::ffff:a00:1]", "private"),
    ("169.254.169.254", "link-local"), ("[fe80::1]", "link-local"),
    ("224.0.0.1", "multicast"), ("[ff02::1]", "multicast"),
    ("0.0.0.0", "unspecified"), ("[::]", "unspecified"), ("0", "unspecified"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "reserved"), ("[2002:7f00:1::]", "loopback"),
])
def test_hosts_naming_non_public_addresses_are_refused_in_every_form(host, reason):
    resolve = resolver("127.0.0.1") if host.startswith("localhost") else PUBLIC
    with pytest.raises(FetchRefused) as caught:
        check_url(f"http://{host}/story", resolve)
    assert caught.value.reason.startswith(reason)


@pytest.mark.parametrize("addresses", [
    ("10.0.0.7",), ("93.184.215.14", "192.168.5.5"), ("::1",), ("fc00::1",),
    ("::ffff:169.254.169.254",)])
def test_a_name_resolving_to_any_non_public_address_is_refused(addresses):
    with pytest.raises(FetchRefused):
        check_url("https://news.example.org/a", resolver(*addresses))


def test_a_public_address_is_the_one_to_connect_to():
    target = check_url("HTTPS://News.Example.org:8443/a?b=1", PUBLIC)
    assert (target.scheme, target.host, target.port, target.address) == \
        ("https", "news.example.org", 8443, "93.184.215.14")


def test_the_name_is_resolved_once():
    calls = []

    def counting(host, port):
        calls.append(host)
        return ["93.184.215.14"]

    check_url("http://news.example.org/", counting)
    assert calls == ["news.example.org"]


def test_allowed_hosts_pass_the_address_check_and_no_others():
    target = check_url("http://127.0.0.1:8080/a", PUBLIC, allow_hosts=["127.0.0.1"])
    assert target.address == "127.0.0.1"
    with pytest.raises(FetchRefused):
        check_url("http://127.0.0.2:8080/a", PUBLIC, allow_hosts=["127.0.0.1"])
