"""Fetching a submitted URL on the server, safely: public addresses only, few redirects, capped size and time.

The host is resolved once, every address is checked, and the connection goes to the checked address
(so a second DNS answer cannot point it elsewhere). Loopback, private, link-local, multicast and
reserved addresses are refused unless the admin setting `web_fetch_allow_private` is on.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from civmon.errors import InputError

MAX_REDIRECTS = 3
MAX_BYTES = 2_000_000
TIMEOUT_S = 10.0
ALLOWED_TYPES: tuple[str, ...] = ("text/html", "text/plain", "application/xhtml+xml", "text/markdown")
ALLOW_PRIVATE_SETTING = "web_fetch_allow_private"


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a URL returned: the final URL, its bytes and its content type."""

    url: str
    body: bytes
    content_type: str


def address_allowed(ip: str, *, allow_private: bool) -> bool:
    """True when a resolved address may be fetched."""
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if addr.is_multicast or addr.is_unspecified:
        return False
    if addr.is_loopback or addr.is_private or addr.is_link_local or addr.is_reserved or not addr.is_global:
        return allow_private
    return True


def _resolve(host: str, port: int, *, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise InputError(f"cannot resolve {host!r}: {e}") from None
    ips = sorted({str(info[4][0]) for info in infos})
    if not ips:
        raise InputError(f"{host!r} has no address")
    bad = [ip for ip in ips if not address_allowed(ip, allow_private=allow_private)]
    if bad:
        raise InputError(f"refused: {host} resolves to a loopback, private or link-local address ({bad[0]}); "
                         "an admin can allow local addresses in the workbench settings")
    return ips[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to an already-checked address, verifying the certificate for the host name."""

    def __init__(self, host: str, ip: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        """Connect to the pinned address and wrap it in TLS for the host name."""
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTP(http.client.HTTPConnection):
    """A plain HTTP connection to an already-checked address."""

    def __init__(self, host: str, ip: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        """Connect to the pinned address."""
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


def fetch_url(url: str, *, allow_private: bool = False, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_S,
              max_redirects: int = MAX_REDIRECTS) -> Fetched:
    """GET a URL under the rules above; InputError says what was refused or went wrong."""
    deadline = time.monotonic() + timeout
    current = url.strip()
    for _ in range(max_redirects + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError("only http:// and https:// URLs can be fetched")
        if parts.username or parts.password:
            raise InputError("URLs with a user name or password are not fetched")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        ip = _resolve(parts.hostname, port, allow_private=allow_private)
        left = deadline - time.monotonic()
        if left <= 0:
            raise InputError(f"fetching {url} took longer than {timeout:.0f} s")
        conn_cls = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        conn = conn_cls(parts.hostname, ip, port, left)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request("GET", path, headers={"User-Agent": "civmon/0.1 (+report fetch)", "Accept": "text/html,text/plain"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise InputError(f"{current} redirects nowhere")
                current = urljoin(current, location)
                continue
            if resp.status != 200:
                raise InputError(f"{current} answered HTTP {resp.status}")
            ctype = (resp.getheader("Content-Type") or "").split(";")[0].strip().lower()
            if ctype not in ALLOWED_TYPES:
                raise InputError(f"{current} is {ctype or 'of no stated type'}; only web pages and plain text are read")
            length = resp.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputError(f"{current} is larger than {max_bytes // 1_000_000} MB")
            body = b""
            while len(body) <= max_bytes:
                if time.monotonic() > deadline:
                    raise InputError(f"fetching {url} took longer than {timeout:.0f} s")
                chunk = resp.read(65536)
                if not chunk:
                    break
                body += chunk
            if len(body) > max_bytes:
                raise InputError(f"{current} is larger than {max_bytes // 1_000_000} MB")
            return Fetched(url=current, body=body, content_type=ctype)
        except (OSError, http.client.HTTPException) as e:
            raise InputError(f"could not fetch {current}: {e.__class__.__name__}: {e}") from None
        finally:
            conn.close()
    raise InputError(f"{url} redirected more than {max_redirects} times")
