"""python -m sandbox {esms,epacific,push,vnpay,bank,vnpost} --port N [--receipts-to URL] [--webhook-url URL]
[--secret S] [--api-key K] [--brandname B] [--tmn-code C] [--ipn-url URL] [--ipn-retry-s S] [--username U]
[--webhook-secret S]"""

from __future__ import annotations

import argparse
import os

from granian import Granian
from granian.constants import Interfaces

from sandbox import API_KEY, BRANDNAME, SECRET, TMN_CODE, VNPOST_USERNAME


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="A local simulator of an outside service.")
    parser.add_argument("provider", choices=["esms", "epacific", "push", "vnpay", "bank", "vnpost"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--receipts-to", help="where receipts go when a request names no callback (ePacific: always)")
    parser.add_argument(
        "--webhook-url", help="bank: where the Casso webhook of each transfer is posted; vnpost: where status webhooks go",
    )
    parser.add_argument(
        "--secret", default=SECRET,
        help="eSMS SecretKey / ePacific Token / VNPay hash secret / MyVNPost password the simulator accepts; "
        "bank: the webhook's key",
    )
    parser.add_argument("--username", default=VNPOST_USERNAME, help="vnpost: the MyVNPost account's user name")
    parser.add_argument("--webhook-secret", default=SECRET, help="vnpost: the key status webhooks are signed with")
    parser.add_argument("--api-key", default=API_KEY, help="eSMS ApiKey the simulator accepts")
    parser.add_argument("--brandname", default=BRANDNAME)
    parser.add_argument("--tmn-code", default=TMN_CODE, help="VNPay: the merchant's terminal code")
    parser.add_argument("--ipn-url", help="VNPay: the merchant's IPN URL (VNPay keeps it per terminal)")
    parser.add_argument("--ipn-retry-s", type=float, default=300, help="VNPay: between IPN calls (VNPay: 5 minutes)")
    args = parser.parse_args()
    if args.provider in ("bank", "vnpost") and not args.webhook_url:
        parser.error(f"{args.provider} needs --webhook-url")
    os.environ.update({
        "SANDBOX_PROVIDER": args.provider, "SANDBOX_SECRET": args.secret, "SANDBOX_API_KEY": args.api_key,
        "SANDBOX_BRANDNAME": args.brandname, "SANDBOX_RECEIPTS_TO": args.receipts_to or "",
        "SANDBOX_TMN_CODE": args.tmn_code, "SANDBOX_IPN_URL": args.ipn_url or "", "SANDBOX_IPN_RETRY_S": str(args.ipn_retry_s),
        "SANDBOX_WEBHOOK_URL": args.webhook_url or "", "SANDBOX_USERNAME": args.username,
        "SANDBOX_WEBHOOK_SECRET": args.webhook_secret,
    })
    # One worker: the simulator's memory (messages, request ids, outages) lives in its process.
    app = {
        "push": "sandbox.push_service:create_app", "vnpay": "sandbox.vnpay:from_environment",
        "bank": "sandbox.bank:from_environment", "vnpost": "sandbox.vnpost:from_environment",
    }.get(
        args.provider, "sandbox:from_environment",
    )
    Granian(
        app, factory=True, interface=Interfaces.ASGI, address=args.host, port=args.port,
        workers=1, log_access=False,
    ).serve()


if __name__ == "__main__":
    main()
