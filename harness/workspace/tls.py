"""The workspace's private certificate authority: one CA per folder, a leaf per host.

Clients trust only ``ca.pem`` (set as their CA bundle), so the proxy can terminate TLS for
any host name it is asked to CONNECT to. The CA key is kept in the folder so a restarted
server presents certificates the clients already trust; leaves are minted on demand and
cached in memory (minting an ECDSA leaf takes about a millisecond).
"""

from __future__ import annotations

import os
import ssl
import threading
from pathlib import Path

import trustme

CA_CERT_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable only by its owner, atomically."""
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


class CertificateAuthority:
    """Loads or creates the folder's CA and hands out server TLS contexts per host."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.bundle_path = directory / CA_CERT_FILE
        self._ca = self._load_or_create()
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()

    def _load_or_create(self) -> trustme.CA:
        key_path = self.directory / CA_KEY_FILE
        if self.bundle_path.exists() and key_path.exists():
            return trustme.CA.from_pem(self.bundle_path.read_bytes(), key_path.read_bytes())
        self.directory.mkdir(parents=True, exist_ok=True)
        ca = trustme.CA(organization_name="aml-parity local workspace")
        _write_private(key_path, ca.private_key_pem.bytes())
        _write_private(self.bundle_path, ca.cert_pem.bytes())
        self.bundle_path.chmod(0o644)
        return ca

    def server_context(self, host: str) -> ssl.SSLContext:
        """A TLS server context presenting a certificate for ``host`` (thread-safe)."""
        host = host.lower()
        with self._lock:
            context = self._contexts.get(host)
            if context is None:
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                self._ca.issue_cert(host).configure_cert(context)
                self._contexts[host] = context
            return context
