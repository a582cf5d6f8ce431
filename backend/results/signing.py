"""PAdES signatures on the agency's documents, and their validation.

The agency signs with a certificate and private key it is given (PEM files or PEM values in the
environment, see the README's configuration table). Development and tests use demo certificates that
`ensure_demo_certificates` makes once: a demo root CA and an agency signing certificate it issued.
Validation trusts only the configured root(s) and never goes to the network.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko.sign.validation import EmbeddedPdfSignature, async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import CertificateValidator, ValidationContext

from backend.i18n import Text
from backend.keyfiles import made_once, pem_value
from backend.settings import Settings

SIGNATURE_FIELD = "ChuKySoCoQuan"
DEMO_CERT_FILE = "agency-cert.pem"  # the agency certificate followed by the demo root
DEMO_KEY_FILE = "agency-key.pem"
DEMO_ROOT_FILE = "root-cert.pem"


class SigningNotConfigured(Exception):
    """Production has no signing certificate: SIGNING_CERT_PATH/SIGNING_KEY_PATH (or _PEM) are unset."""


class UnreadablePdf(Exception):
    """The bytes are not a PDF pyhanko can read."""


class NoSignature(Exception):
    """The PDF carries no signature at all."""


# --- demo certificates ----------------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Một Cửa (DEMO)"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _make_demo_certificates(directory: Path, common_name: str) -> None:
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"{common_name} — Root CA")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    agency_key = ec.generate_private_key(ec.SECP256R1())
    agency = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(root_name)
        .public_key(agency_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(agency_key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    (directory / DEMO_ROOT_FILE).write_bytes(_pem(root))
    (directory / DEMO_CERT_FILE).write_bytes(_pem(agency) + _pem(root))
    key_path = directory / DEMO_KEY_FILE
    key_path.write_bytes(
        agency_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_path.chmod(0o600)


def ensure_demo_certificates(
    directory: str | Path, *, common_name: str = "Cơ quan ký số Một Cửa (DEMO)"
) -> tuple[Path, Path, Path]:
    """A demo root CA and an agency signing certificate in `directory`, made once.

    Returns (cert_path, key_path, root_cert_path), made together (`keyfiles.made_once`). Never use these in production: the root's key is thrown away, but anyone can make
    their own demo root.
    """
    cert, key, root = made_once(
        Path(directory), (DEMO_CERT_FILE, DEMO_KEY_FILE, DEMO_ROOT_FILE),
        lambda scratch: _make_demo_certificates(scratch, common_name),
    )
    return cert, key, root


# --- key material from settings -------------------------------------------------------------------


def _material(path: str | None, value: str | None) -> bytes | None:
    if value:
        return pem_value(value)
    if path:
        return Path(path).read_bytes()
    return None


def demo_directory(settings: Settings) -> Path:
    """Where development and tests keep demo certificates when none are configured: beside the storage."""
    return Path(settings.storage_dir).resolve().parent / "signing"


def _key_material(settings: Settings) -> tuple[bytes, bytes, bytes]:
    cert = _material(settings.signing_cert_path, settings.signing_cert_pem)
    key = _material(settings.signing_key_path, settings.signing_key_pem)
    root = _material(settings.signing_root_cert_path, settings.signing_root_cert_pem)
    if cert is None or key is None:
        if settings.environment == "production":
            raise SigningNotConfigured("set SIGNING_CERT_PATH and SIGNING_KEY_PATH (or their _PEM values)")
        cert_path, key_path, root_path = ensure_demo_certificates(demo_directory(settings))
        cert, key, root = cert_path.read_bytes(), key_path.read_bytes(), root or root_path.read_bytes()
    if root is None:
        if settings.environment == "production":
            raise SigningNotConfigured("set SIGNING_ROOT_CERT_PATH (or SIGNING_ROOT_CERT_PEM)")
        # Trust the last certificate of the configured chain (its root) outside production.
        root = _pem(x509.load_pem_x509_certificates(cert)[-1])
    return cert, key, root


def trust_roots(settings: Settings) -> list[asn1_x509.Certificate]:
    """The root certificate(s) verification trusts; a verifying-only process needs no private key."""
    root = _material(settings.signing_root_cert_path, settings.signing_root_cert_pem)
    return list(load_certs_from_pemder_data(root if root is not None else _key_material(settings)[2]))


def load_trust_roots(pem: bytes) -> list[asn1_x509.Certificate]:
    return list(load_certs_from_pemder_data(pem))


def subject_of(cert: asn1_x509.Certificate) -> str:
    """The signer as people read it: the certificate's common name, with its organisation."""
    native = cert.subject.native
    common_name, organisation = native.get("common_name"), native.get("organization_name")
    if isinstance(common_name, list):
        common_name = common_name[0]
    if isinstance(organisation, list):
        organisation = organisation[0]
    if common_name:
        return f"{common_name} ({organisation})" if organisation and organisation not in common_name else common_name
    return cert.subject.human_friendly


class AgencySigner:
    """Signs PDFs with the agency's certificate (PAdES baseline B-B, an invisible signature field)."""

    def __init__(self, cert_chain_pem: bytes, key_pem: bytes, *, key_passphrase: bytes | None = None) -> None:
        chain = list(load_certs_from_pemder_data(cert_chain_pem))
        if not chain:
            raise ValueError("the signing certificate file holds no certificate")
        registry = SimpleCertificateStore()
        registry.register_multiple(chain[1:])
        self.certificate = chain[0]
        self.subject = subject_of(self.certificate)
        self._signer = signers.SimpleSigner(
            signing_cert=chain[0],
            signing_key=load_private_key_from_pemder_data(key_pem, passphrase=key_passphrase),
            cert_registry=registry,
        )

    @classmethod
    def from_paths(cls, cert_path: str | Path, key_path: str | Path) -> AgencySigner:
        return cls(Path(cert_path).read_bytes(), Path(key_path).read_bytes())

    @classmethod
    def from_settings(cls, settings: Settings) -> AgencySigner:
        cert, key, _root = _key_material(settings)
        passphrase = settings.signing_key_passphrase.encode() if settings.signing_key_passphrase else None
        return _cached_signer(cert, key, passphrase)

    def sign(self, pdf: bytes, *, reason: str, location: str) -> bytes:
        """The PDF with one more revision carrying the agency's signature over the whole document."""
        meta = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            reason=reason,
            location=location,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = io.BytesIO()
        coroutine = signers.async_sign_pdf(writer, meta, signer=self._signer, output=out)
        _run(coroutine)
        return out.getvalue()


@functools.lru_cache(maxsize=4)
def _cached_signer(cert: bytes, key: bytes, passphrase: bytes | None) -> AgencySigner:
    return AgencySigner(cert, key, key_passphrase=passphrase)


def _run(coroutine):
    """Run pyhanko's async API from synchronous code (callers run us in a worker thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    raise RuntimeError("call from a worker thread (asyncio.to_thread), not from the event loop")


# --- validation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    # Signed by a certificate that chains to a trusted root (the agency's).
    authentic: bool
    # The signature's hash matches and the signature covers the whole file (nothing appended).
    intact: bool
    signer: str | None
    signed_at: dt.datetime | None
    detail: Text


def validate(pdf: bytes, trust_roots: Sequence[asn1_x509.Certificate] | Iterable[asn1_x509.Certificate]) -> Verdict:
    """Check the PDF's signatures against `trust_roots`, offline.

    Raises UnreadablePdf for bytes that are not a readable PDF and NoSignature for an unsigned one.
    When several signatures are present the first one by a trusted signer is judged (a later one
    means the document was extended after the agency signed it, so it is not intact).
    """
    return _run(async_validate(pdf, list(trust_roots)))


async def async_validate(pdf: bytes, trust_roots: list[asn1_x509.Certificate]) -> Verdict:
    if not pdf.lstrip()[:5].startswith(b"%PDF-"):
        raise UnreadablePdf("not a PDF")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # pyhanko raises many kinds on junk; all mean "unreadable"
        raise UnreadablePdf(str(exc)) from exc
    if not signatures:
        raise NoSignature("no signature")

    def context() -> ValidationContext:
        return ValidationContext(trust_roots=trust_roots, allow_fetching=False, revocation_mode="soft-fail")

    chosen: EmbeddedPdfSignature | None = None
    for embedded in signatures:
        if await _chains_to_roots(embedded, context()):
            chosen = embedded
            break
    if chosen is None:
        first = signatures[0]
        signer = _safe_subject(first)
        return Verdict(
            authentic=False, intact=False, signer=signer, signed_at=_safe_signed_at(first),
            detail=Text(
                "Chữ ký trên văn bản không phải của cơ quan cấp (chứng thư số không thuộc hệ thống).",
                "The signature on the document is not the issuing agency's (its certificate is not one of ours).",
            ),
        )
    try:
        status = await async_validate_pdf_signature(chosen, signer_validation_context=context())
    except Exception as exc:
        return Verdict(
            authentic=True, intact=False, signer=_safe_subject(chosen), signed_at=_safe_signed_at(chosen),
            detail=Text(
                f"Không kiểm tra được chữ ký: văn bản đã bị thay đổi ({type(exc).__name__}).",
                f"The signature cannot be checked: the document was changed ({type(exc).__name__}).",
            ),
        )
    signer = subject_of(status.signing_cert) if status.signing_cert is not None else None
    intact = bool(status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
    if not (status.intact and status.valid):
        detail = Text(
            "Nội dung văn bản không còn khớp với chữ ký số: văn bản đã bị chỉnh sửa sau khi ký.",
            "The content no longer matches the digital signature: the document was edited after signing.",
        )
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        detail = Text(
            "Văn bản đã được sửa đổi hoặc bổ sung nội dung sau khi cơ quan ký số.",
            "The document was changed or added to after the agency signed it.",
        )
    else:
        detail = Text(
            "Chữ ký số hợp lệ, của cơ quan cấp, và bao trùm toàn bộ văn bản.",
            "The digital signature is valid, the issuing agency's, and covers the whole document.",
        )
    return Verdict(authentic=True, intact=intact, signer=signer, signed_at=status.signer_reported_dt, detail=detail)


async def _chains_to_roots(embedded: EmbeddedPdfSignature, context: ValidationContext) -> bool:
    try:
        validator = CertificateValidator(
            embedded.signer_cert,
            intermediate_certs=list(embedded.other_embedded_certs),
            validation_context=context,
        )
        await validator.async_validate_usage(set())
        return True
    except Exception:
        return False


def _safe_subject(embedded: EmbeddedPdfSignature) -> str | None:
    try:
        return subject_of(embedded.signer_cert)
    except Exception:
        return None


def _safe_signed_at(embedded: EmbeddedPdfSignature) -> dt.datetime | None:
    try:
        return embedded.self_reported_timestamp
    except Exception:
        return None
