"""Guards shared by domains. Role-based guards arrive with accounts."""

import hmac

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from backend.errors import Problem


def admin_token_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    expected = connection.app.state.settings.admin_token
    supplied = connection.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(supplied.encode(), expected.encode()):
        raise Problem(
            401,
            "admin_token_required",
            "Cần quyền quản trị",
            "Thao tác này cần mã quản trị hợp lệ trong tiêu đề Authorization.",
        )
