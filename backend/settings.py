"""Settings come from environment variables only, validated once at start."""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from backend.catalog.postage import tariff_from

_HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
ROOT = Path(__file__).resolve().parent.parent


class SettingsError(Exception):
    """Raised with a message naming the variable to fix."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str
    redis_url: str
    # Prefix for every Redis key and the arq queue, so test runs and deployments never collide.
    redis_prefix: str = "motcua"
    environment: Literal["development", "test", "production"] = "development"
    public_url: str = "http://127.0.0.1:8000"
    storage_dir: str = str(ROOT / ".data" / "storage")
    # Photos and results in an S3-compatible store (`s3://bucket/prefix`) instead of STORAGE_DIR: its endpoint
    # (unset: AWS), region and credentials (unset: obstore looks for AWS's usual ones: role, profile).
    # `embedded-s3` is for `just up`, which starts SeaweedFS and sets these (backend/storage.py).
    storage_url: str | None = None
    s3_endpoint: str | None = None
    s3_region: str = "us-east-1"
    aws_access_key_id: str | None = None
    aws_secret_access_key: str | None = None
    pwa_dist_dir: str = str(ROOT / "pwa" / "dist")
    migrate_on_start: bool = True
    db_pool_min: int = 2
    db_pool_max: int = 10
    # The province whose agencies the seed generates (a `vietnam-provinces` code; 56 = Khánh Hòa).
    demo_province_code: str = "56"
    # Keys the HMACs of one-time codes and CSRF tokens. Required in production; development and tests
    # fall back to a fixed key (`just up` generates one into .data/dev.env).
    secret_key: str | None = None
    # Session cookies carry `Secure`. Chromium and Firefox accept Secure cookies from http://127.0.0.1 and
    # http://localhost, so only plain-http hosts such as a LAN address for phone testing need `false`.
    cookie_secure: bool = True
    # A page job killed mid-way is re-run by arq only after this + 10 s: keep it small.
    page_job_timeout_s: int = 20
    # Working days an agency has to answer feedback (phản ánh, kiến nghị) before it shows as overdue.
    feedback_answer_days: Annotated[int, msgspec.Meta(ge=1, le=60)] = 10
    # The agency's signing certificate for e-results and receipts (PEM: the certificate, then its chain),
    # its private key (PEM, optionally encrypted with SIGNING_KEY_PASSPHRASE), and the root(s) the public
    # verification page trusts. Each as a file path or as the PEM value itself (`\n` allowed for newlines).
    # Required in production; development and tests fall back to demo certificates made once beside
    # STORAGE_DIR (`just up` makes them in .data/signing and sets the paths).
    signing_cert_path: str | None = None
    signing_key_path: str | None = None
    signing_root_cert_path: str | None = None
    signing_cert_pem: str | None = None
    signing_key_pem: str | None = None
    signing_root_cert_pem: str | None = None
    signing_key_passphrase: str | None = None
    # Where signatures say they were made ("Nơi ký").
    signing_location: str = "Khánh Hòa, Việt Nam"
    # SMS gateways, tried in this order (comma-separated: esms, epacific); one whose credentials are
    # unset is left out. Both send brandname customer-care SMS and post delivery receipts back.
    sms_providers: str = "esms,epacific"
    # eSMS (ViHAT, developers.esms.vn): base URL, API key and secret key from its account page, and a
    # brandname registered with the networks.
    esms_url: str = "https://rest.esms.vn"
    esms_api_key: str | None = None
    esms_secret_key: str | None = None
    esms_brandname: str | None = None
    # ePacific (platform.epacific.net/docs): the API's base URL, the account token sent as `Token`, a brandname.
    epacific_url: str | None = None
    epacific_token: str | None = None
    epacific_brandname: str | None = None
    # Keys the token in the receipt callback URLs we give the gateways (ePacific keeps its URL in the
    # account, so changing this means registering the URL again). Unset: derived from SECRET_KEY.
    sms_receipt_secret: str | None = None
    # VNPay (sandbox.vnpayment.vn/apis/docs), API 2.1.0: the terminal code and hash secret VNPay issues
    # per merchant (unset: no card/e-wallet payments), the pay page customers are sent to, and the
    # merchant API that answers `querydr`. The defaults are VNPay's sandbox; production's come with the
    # contract. The IPN URL is not a setting: VNPay keeps it in the merchant's terminal configuration.
    vnpay_tmn_code: str | None = None
    vnpay_hash_secret: str | None = None
    vnpay_pay_url: str = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    vnpay_api_url: str = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
    # VietQR bank transfers: the agency's collecting account (the bank's 6-digit NAPAS BIN, the account
    # number, the holder's name as the bank registered it, shown beside the QR code), and the secret key
    # of the Casso webhook (webhook v2) that announces each transfer into it, signed with that key.
    bank_bin: str | None = None
    bank_account_no: str | None = None
    bank_account_name: str | None = None
    bank_name: str = "Vietcombank"
    bank_webhook_secret: str | None = None
    # Home delivery by public post: `in_app` (the centre's couriers record each step in the app) or `vnpost`
    # (orders placed with Vietnam Post's MyVNPost partner API, its status webhook reporting each step).
    # VNPOST_USERNAME / VNPOST_PASSWORD are the MyVNPost partner account (it signs in for a token),
    # VNPOST_WEBHOOK_SECRET keys the HMAC-SHA256 each status callback is signed with.
    delivery_carrier: Literal["in_app", "vnpost"] = "in_app"
    vnpost_url: str = "https://donhang.vnpost.vn/api/api"
    vnpost_username: str | None = None
    vnpost_password: str | None = None
    vnpost_webhook_secret: str | None = None
    # Messages: SMS in UCS-2 with diacritics (70 characters a segment) instead of GSM-7 without (160);
    # at most this many non-urgent SMS per phone per day (more wait for the next morning); a provider
    # that does not answer within the timeout counts as down and the next one is tried.
    sms_unicode: bool = False
    sms_daily_cap: int = 10
    # Non-urgent SMS wait out the night (Asia/Ho_Chi_Minh, HH:MM-HH:MM); `off` sends at any hour (the tests, which
    # run at any hour and check the quiet hours themselves).
    quiet_hours: str = "22:00-06:00"
    provider_timeout_s: float = 5.0
    # Web push's VAPID key pair (RFC 8292): the private key (PEM, P-256) signs the token every push carries,
    # the public key is the `applicationServerKey` browsers subscribe with (changing it orphans every
    # subscription). Each a file path or the PEM value itself (`\n` allowed for newlines). Required in
    # production; development and tests fall back to a pair made once beside STORAGE_DIR (`just up` makes
    # it in .data/vapid). The subject is the contact push services write to about our traffic.
    vapid_private_key: str | None = None
    vapid_public_key: str | None = None
    vapid_subject: str = "mailto:hotro@motcua.example"
    # Delivery by public post: the postage tariff (JSON shaped as backend.catalog.postage.Tariff; unset, the
    # catalogue's estimates) and the times of day (Asia/Ho_Chi_Minh, HH:MM, comma-separated) each desk hands its
    # results to the post in one batch.
    postage_tariff: str | None = None
    delivery_batch_times: str = "10:00,15:00"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    version: str = "0.1.0"

    def __post_init__(self) -> None:
        if self.environment == "production" and not self.secret_key:
            raise ValueError("SECRET_KEY is required in production")
        if self.delivery_carrier == "vnpost":
            unset = [name.upper() for name in ("vnpost_username", "vnpost_password", "vnpost_webhook_secret")
                     if not getattr(self, name)]
            if unset:
                raise ValueError(f"DELIVERY_CARRIER=vnpost needs {', '.join(unset)}")
        if not all(_HH_MM.match(t.strip()) for t in self.delivery_batch_times.split(",")):
            raise ValueError("DELIVERY_BATCH_TIMES must be times of day as HH:MM, comma-separated, e.g. 10:00,15:00")
        if self.quiet_hours != "off" and not (
            len(span := self.quiet_hours.split("-")) == 2 and all(_HH_MM.match(t.strip()) for t in span)
        ):
            raise ValueError("QUIET_HOURS must be two times of day as HH:MM-HH:MM, e.g. 22:00-06:00, or off")
        if self.storage_url == "embedded-s3":
            raise ValueError("STORAGE_URL=embedded-s3 works with `just up`, which starts SeaweedFS; set s3://bucket/prefix")
        if self.storage_url and not re.match(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$", self.storage_url):
            raise ValueError("STORAGE_URL must look like s3://bucket/prefix (a bucket name in lower case)")
        tariff_from(self.postage_tariff)  # a bad tariff stops the process, naming the variable

    @property
    def signing_key(self) -> bytes:
        return (self.secret_key or "motcua-development-only-secret").encode()

    @property
    def sms_receipt_key(self) -> bytes:
        return self.sms_receipt_secret.encode() if self.sms_receipt_secret else self.signing_key

    @property
    def quiet_span(self) -> tuple[time, time] | None:
        """Quiet hours as (start, end), local times; None when SMS may go at any hour."""
        if self.quiet_hours == "off":
            return None
        start, end = (time.fromisoformat(t.strip()) for t in self.quiet_hours.split("-"))
        return start, end

    @property
    def queue_name(self) -> str:
        return f"{self.redis_prefix}:queue"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        environ = dict(os.environ if environ is None else environ)
        raw: dict[str, object] = {}
        for field in msgspec.structs.fields(cls):
            value = environ.get(field.name.upper())
            if value not in (None, ""):
                raw[field.name] = value
        missing = [
            f.name.upper()
            for f in msgspec.structs.fields(cls)
            if f.required and f.name not in raw
        ]
        if missing:
            raise SettingsError(f"missing environment variable(s): {', '.join(missing)}")
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            # msgspec names the field as `$.field`; point at the variable instead.
            message = str(exc)
            for field in msgspec.structs.fields(cls):
                message = message.replace(f"$.{field.name}", field.name.upper())
            raise SettingsError(f"invalid environment variable: {message}") from exc
