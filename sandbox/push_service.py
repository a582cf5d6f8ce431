"""A local push service, playing FCM or Mozilla autopush for tests, benches and `just up`.

It speaks the application server's side of RFC 8030 with VAPID (RFC 8292): `POST /push/{token}` with an
aes128gcm body (RFC 8291) and `Authorization: vapid t=<JWT>, k=<public key>`. The JWT must be ES256 over
the k= key, its `aud` this service's origin, its `exp` in the future and at most 24 h away, its `sub`
present; else 401. TTL is required (400 without), Urgency and Topic are checked when present, bodies
over 4096 bytes get 413. Taken messages are kept (body base64, headers) and answered 201 with a Location.

Endpoints are made up by whoever uses them: any token works. `POST /_sandbox/subscribe` with
`{"application_server_key": …}` hands out an endpoint bound to that key, as browsers' subscriptions are,
and a push to it signed with another key gets 403. Magic token prefixes: `gone-` → 410 (the subscription
expired), `busy-` → 429 with `Retry-After: 1`, `down-` → 503.

Run: `python -m sandbox.push_service --port 8091`. Read: `GET /_sandbox/received?token=…`, `GET /_sandbox/stats`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import time
from collections import Counter, defaultdict
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from litestar import Litestar, Request, Response, get, post

MAX_BODY_BYTES = 4096
MAX_TOKEN_LIFETIME_S = 24 * 3600
URGENCIES = {"very-low", "low", "normal", "high"}
TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")
VAPID = re.compile(r"vapid\s+(.+)", re.IGNORECASE)


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def unb64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise Refused(401, f"not base64url: {text[:20]}…") from error


def vapid_parameters(authorization: str | None) -> tuple[str, str]:
    """(t, k) from `vapid t=…, k=…`."""
    match = VAPID.fullmatch((authorization or "").strip())
    if not match:
        raise Refused(401, "Authorization must be `vapid t=…, k=…`")
    parameters = dict(part.strip().partition("=")[::2] for part in match.group(1).split(","))
    if not parameters.get("t") or not parameters.get("k"):
        raise Refused(401, "vapid needs both t= and k=")
    return parameters["t"], parameters["k"]


def check_token(token: str, key: str, audience: str, now: float) -> dict[str, Any]:
    """The JWT's claims, once its signature (ES256 over `key`) and claims hold."""
    try:
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    except ValueError as error:
        raise Refused(401, "k= is not an uncompressed P-256 point") from error
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused(401, "t= is not a compact JWS")
    try:
        header, claims = json.loads(unb64url(parts[0])), json.loads(unb64url(parts[1]))
    except ValueError as error:
        raise Refused(401, "t= does not hold JSON") from error
    if header.get("alg") != "ES256":
        raise Refused(401, f"alg must be ES256, not {header.get('alg')!r}")
    signature = unb64url(parts[2])
    if len(signature) != 64:
        raise Refused(401, "an ES256 signature is 64 bytes (r‖s)")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public_key.verify(der, f"{parts[0]}.{parts[1]}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise Refused(401, "the JWT signature does not verify with k=") from error
    if claims.get("aud") != audience:
        raise Refused(401, f"aud must be {audience}, not {claims.get('aud')!r}")
    expiry = claims.get("exp")
    if not isinstance(expiry, int) or not now < expiry <= now + MAX_TOKEN_LIFETIME_S:
        raise Refused(401, "exp must be in the future and at most 24 h away")
    if not claims.get("sub"):
        raise Refused(401, "sub (a mailto: or https: contact) is required")
    return claims


def check_headers(request: Request, body: bytes) -> dict[str, str]:
    headers = request.headers
    ttl = headers.get("ttl", "")
    if not ttl.isdigit():
        raise Refused(400, "TTL is required: a number of seconds")
    if headers.get("content-encoding", "").lower() != "aes128gcm":
        raise Refused(400, "Content-Encoding must be aes128gcm")
    urgency = headers.get("urgency", "normal")
    if urgency not in URGENCIES:
        raise Refused(400, f"Urgency must be one of {sorted(URGENCIES)}")
    topic = headers.get("topic")
    if topic is not None and not TOPIC.fullmatch(topic):
        raise Refused(400, "Topic is 1 to 32 base64url characters")
    if len(body) > MAX_BODY_BYTES:
        raise Refused(413, f"a push body holds at most {MAX_BODY_BYTES} bytes")
    kept = {"ttl": ttl, "urgency": urgency, "content-encoding": "aes128gcm", "authorization": headers["authorization"]}
    if topic is not None:
        kept["topic"] = topic
    return kept


def create_app() -> Litestar:
    received: dict[str, list[dict[str, Any]]] = defaultdict(list)
    bound_keys: dict[str, str] = {}
    answered: Counter[int] = Counter()

    def origin(request: Request) -> str:
        return f"{request.url.scheme}://{request.headers['host'].lower()}"

    @post("/_sandbox/subscribe", status_code=201)
    async def subscribe(request: Request, data: dict[str, str]) -> dict[str, str]:
        token = secrets.token_urlsafe(16)
        bound_keys[token] = data["application_server_key"]
        return {"endpoint": f"{origin(request)}/push/{token}"}

    @post("/push/{token:str}")
    async def push(request: Request, token: str) -> Response[bytes]:
        status, headers, reason = await answer(request, token)
        answered[status] += 1
        # Autopush explains a refusal in a JSON body; so does this, for the tests' failure messages.
        body = json.dumps({"code": status, "message": reason}).encode() if reason else b""
        return Response(body, status_code=status, headers=headers, media_type="application/json")

    async def answer(request: Request, token: str) -> tuple[int, dict[str, str], str | None]:
        if token.startswith("down-"):
            return 503, {}, "down (a magic token)"
        body = await request.body()
        try:
            jwt, key = vapid_parameters(request.headers.get("authorization"))
            check_token(jwt, key, origin(request), time.time())
            if token in bound_keys and bound_keys[token] != key:
                raise Refused(403, "this subscription was made with another application server key")
            kept = check_headers(request, body)
        except Refused as refused:
            return refused.status, {}, refused.reason
        if token.startswith("gone-"):
            return 410, {}, "subscription expired (a magic token)"
        if token.startswith("busy-"):
            return 429, {"Retry-After": "1"}, "too many messages (a magic token)"
        message_id = secrets.token_urlsafe(12)
        received[token].append(
            {"id": message_id, "headers": kept, "body": base64.b64encode(body).decode(), "received_at": time.time()}
        )
        return 201, {"Location": f"{origin(request)}/m/{message_id}"}, None

    @get("/_sandbox/received")
    async def what_arrived(token: str) -> list[dict[str, Any]]:
        return received.get(token, [])

    @get("/_sandbox/stats")
    async def stats() -> dict[str, Any]:
        return {
            "received": sum(len(messages) for messages in received.values()),
            "answered": {str(status): count for status, count in sorted(answered.items())},
        }

    return Litestar([subscribe, push, what_arrived, stats])
