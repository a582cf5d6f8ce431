"""VAPID (RFC 8292): the key pair that identifies us to push services, and the token each push carries.

The `webpush` package signs its own token, but with `aud` = scheme://host, dropping the port (so any push
service on a non-default port, our local one included, refuses it), and signs anew for every message.
Here the token is made with `cryptography` and kept per push service origin until it is near its expiry.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from backend.keyfiles import made_once, pem_setting
from backend.settings import Settings

PRIVATE_KEY_FILE = "vapid-private.pem"
PUBLIC_KEY_FILE = "vapid-public.pem"
# Push services refuse a token living longer than 24 h; a fresh one is made when less than an hour is left.
TOKEN_LIFETIME_S = 12 * 3600
TOKEN_RENEWAL_S = 3600


class VapidNotConfigured(Exception):
    """Production without VAPID_PRIVATE_KEY / VAPID_PUBLIC_KEY."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def ensure_vapid_keys(directory: Path) -> tuple[Path, Path]:
    """A development key pair in `directory`, made once; returns (private_key_path, public_key_path)."""

    def make(scratch: Path) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        private = scratch / PRIVATE_KEY_FILE
        private.write_bytes(
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        private.chmod(0o600)
        (scratch / PUBLIC_KEY_FILE).write_bytes(
            key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        )

    private, public = made_once(directory, (PRIVATE_KEY_FILE, PUBLIC_KEY_FILE), make)
    return private, public


class Vapid:
    """Our VAPID identity: signs the `Authorization: vapid t=…, k=…` header for a push endpoint."""

    def __init__(self, private_pem: bytes, public_pem: bytes, subject: str) -> None:
        if not subject.startswith(("mailto:", "https:")):
            raise ValueError("VAPID_SUBJECT must be a mailto: or https: URL")
        key = serialization.load_pem_private_key(private_pem, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise ValueError("VAPID_PRIVATE_KEY must be a P-256 (prime256v1) key")
        if serialization.load_pem_public_key(public_pem) != key.public_key():
            raise ValueError("VAPID_PUBLIC_KEY is not the public half of VAPID_PRIVATE_KEY")
        self.private_pem, self.public_pem, self.subject = private_pem, public_pem, subject
        self.application_server_key = b64url(
            key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        )
        self._key = key
        self._tokens: dict[str, tuple[str, int]] = {}  # audience → (token, its expiry)

    def authorization(self, endpoint: str, *, now: float | None = None) -> str:
        audience = origin(endpoint)
        now = int(time.time() if now is None else now)
        token, expires = self._tokens.get(audience, ("", 0))
        if expires - now < TOKEN_RENEWAL_S:
            expires = now + TOKEN_LIFETIME_S
            token = self._sign({"aud": audience, "exp": expires, "sub": self.subject})
            self._tokens[audience] = (token, expires)
        return f"vapid t={token}, k={self.application_server_key}"

    def _sign(self, claims: dict[str, object]) -> str:
        """A compact JWS, ES256: the signature is r‖s, 32 bytes each (RFC 7518 §3.4), not DER."""
        header = b64url(json.dumps({"typ": "JWT", "alg": "ES256"}, separators=(",", ":")).encode())
        body = b64url(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{header}.{body}".encode()
        r, s = decode_dss_signature(self._key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        return f"{header}.{body}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def origin(endpoint: str) -> str:
    """The push resource's origin, the token's audience: scheme://host[:port], the port only when not the default."""
    parts = urlsplit(endpoint)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"https": 443, "http": 80}.get(scheme)
    return f"{scheme}://{host}" if parts.port in (None, default) else f"{scheme}://{host}:{parts.port}"


def development_directory(settings: Settings) -> Path:
    """Where development and tests keep their VAPID pair when none is configured: beside the storage."""
    return Path(settings.storage_dir).resolve().parent / "vapid"


def vapid_for(settings: Settings) -> Vapid:
    private, public = settings.vapid_private_key, settings.vapid_public_key
    if not (private and public):
        if settings.environment == "production":
            raise VapidNotConfigured("set VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY (paths or PEM values)")
        private_path, public_path = ensure_vapid_keys(development_directory(settings))
        private, public = str(private_path), str(public_path)
    return Vapid(pem_setting(private), pem_setting(public), settings.vapid_subject)


def application_server_key(settings: Settings) -> str:
    """The public key as the PWA passes it to `pushManager.subscribe`: base64url of the uncompressed point."""
    return vapid_for(settings).application_server_key
