"""python -m sandbox {esms,epacific,push,bank} --port N [--receipts-to URL] [--webhook-url URL] [--secret S]
[--api-key K] [--brandname B]"""

from __future__ import annotations

import argparse
import os

from granian import Granian
from granian.constants import Interfaces

from sandbox import API_KEY, BRANDNAME, SECRET


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="A local simulator of an outside service.")
    parser.add_argument("provider", choices=["esms", "epacific", "push", "bank"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--receipts-to", help="where receipts go when a request names no callback (ePacific: always)")
    parser.add_argument("--webhook-url", help="bank: where the Casso webhook of each transfer is posted")
    parser.add_argument(
        "--secret", default=SECRET, help="eSMS SecretKey / ePacific Token the simulator accepts; bank: the webhook's key",
    )
    parser.add_argument("--api-key", default=API_KEY, help="eSMS ApiKey the simulator accepts")
    parser.add_argument("--brandname", default=BRANDNAME)
    args = parser.parse_args()
    if args.provider == "bank" and not args.webhook_url:
        parser.error("bank needs --webhook-url")
    os.environ.update({
        "SANDBOX_PROVIDER": args.provider, "SANDBOX_SECRET": args.secret, "SANDBOX_API_KEY": args.api_key,
        "SANDBOX_BRANDNAME": args.brandname, "SANDBOX_RECEIPTS_TO": args.receipts_to or "",
        "SANDBOX_WEBHOOK_URL": args.webhook_url or "",
    })
    # One worker: the simulator's memory (messages, request ids, outages) lives in its process.
    app = {"push": "sandbox.push_service:create_app", "bank": "sandbox.bank:from_environment"}.get(
        args.provider, "sandbox:from_environment",
    )
    Granian(
        app, factory=True, interface=Interfaces.ASGI, address=args.host, port=args.port,
        workers=1, log_access=False,
    ).serve()


if __name__ == "__main__":
    main()
