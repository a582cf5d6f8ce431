"""Agency identifiers as the national systems write them (e.g. 000.00.02.H56, 223.33.00.H56)."""

from __future__ import annotations


def province_tag(province_code: str) -> str:
    """The last segment of agency codes: H + the two-digit province code, e.g. H56 for Khánh Hòa."""
    return f"H{int(province_code):02d}"


def department_code(province_code: str, number: str) -> str:
    """Provincial agencies: 000.00.<department number>.H<province>; 00 is the People's Committee,
    02 the province's public-service centre."""
    return f"000.00.{number}.{province_tag(province_code)}"


def commune_agency_code(province_code: str, ward_code: int) -> str:
    """A commune's People's Committee: its 5-digit ward code split 3.2, then .00 — e.g. 223.33.00.H56."""
    return f"{ward_code // 100:03d}.{ward_code % 100:02d}.00.{province_tag(province_code)}"
