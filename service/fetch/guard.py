"""SSRF guard: a client's URL may lead to http(s) on a public address only, checked before
every connection. A host is resolved once and the fetcher connects to the checked address
itself, so that DNS rebinding cannot move it; allow-listed hosts skip the check."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from service.fetch.errors import FetchRefused, UpstreamError

Resolver = Callable[[str, int], list[str]]
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int
    address: str


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UpstreamError("dns", f"The host {host!r} could not be resolved.") from exc
    return [info[4][0] for info in infos]


_RANGES = (("is_unspecified", "unspecified address"), ("is_loopback", "loopback address"),
           ("is_link_local", "link-local address"), ("is_multicast", "multicast address"),
           ("is_reserved", "reserved address"), ("is_private", "private address"))


def refusal_of(address: Address) -> str | None:
    """Why a connection to ``address`` is refused, or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        if (mapped := address.ipv4_mapped or address.sixtofour) is not None:
            return refusal_of(mapped)
        if address.teredo is not None:
            return "reserved address"
    for attribute, reason in _RANGES:
        if getattr(address, attribute):
            return reason
    if not address.is_global:
        return "reserved address"
    return None


def literal_address(host: str) -> Address | None:
    """The address a host names literally, in any form the resolver would read: dotted,
    decimal (``2130706433``), octal or hex parts (``0177.0.0.1``, ``0x7f.1``), IPv6."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:  # inet_aton reads the legacy forms as the C library (and curl) does
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def check_url(url: str, resolve: Resolver = system_resolver,
              allow_hosts: Iterable[str] = ()) -> Target:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused("invalid url", f"The URL {url!r} cannot be read: {exc}.") from exc
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchRefused("scheme", f"Only http and https URLs are fetched, not {scheme!r}.")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise FetchRefused("user-info", "URLs with user-info (user:password@) are not fetched.")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise FetchRefused("invalid url", "The URL has no host.")
    port = port or (443 if scheme == "https" else 80)
    allowed = host in {name.lower() for name in allow_hosts}
    literal = literal_address(host)
    addresses = [str(literal)] if literal is not None else resolve(host, port)
    if not addresses:
        raise UpstreamError("dns", f"The host {host!r} has no address.")
    if not allowed:
        for text in addresses:
            if reason := refusal_of(ipaddress.ip_address(text.split("%")[0])):
                raise FetchRefused(reason, f"The URL leads to a {reason} ({text}); the "
                                           "service fetches public addresses only.")
    return Target(url=url.strip(), scheme=scheme, host=host, port=port, address=addresses[0])
