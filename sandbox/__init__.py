"""Local stand-ins for the SMS gateways (eSMS, ePacific), a push service, the VNPay payment gateway, a bank
account watched by Casso (bank.py) and Vietnam Post's MyVNPost order API (vnpost.py), for development and
tests; never shipped.

Each speaks its gateway's published request, answer and callback shapes, shows what it received on an
inbox page at `/`, and offers `/_sandbox/*` routes to tests. Run one with `python -m sandbox esms --port N`."""

from __future__ import annotations

import os

from litestar import Litestar

from sandbox import epacific, esms

# The development accounts `just up` configures the API with.
API_KEY = "sandbox-api-key"
SECRET = "sandbox-secret"
BRANDNAME = "MOTCUA"
TMN_CODE = "MOTCUA01"  # a VNPay terminal code: eight letters and digits
VNPOST_USERNAME = "0912000111"  # MyVNPost accounts sign in with a phone number


def from_environment() -> Litestar:
    """The app `python -m sandbox` serves, its options passed through the environment to granian's worker."""
    provider, secret = os.environ["SANDBOX_PROVIDER"], os.environ.get("SANDBOX_SECRET", SECRET)
    brandname, receipts_to = os.environ.get("SANDBOX_BRANDNAME", BRANDNAME), os.environ.get("SANDBOX_RECEIPTS_TO") or None
    if provider == "esms":
        api_key = os.environ.get("SANDBOX_API_KEY", API_KEY)
        return esms.create_app(api_key=api_key, secret_key=secret, brandname=brandname, receipts_to=receipts_to)
    return epacific.create_app(token=secret, brandname=brandname, receipts_to=receipts_to)
