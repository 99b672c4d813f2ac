"""Decisions as flat rows for analysts: one dict per household, the columns
of ``povmon eval --format csv`` (include/povmon/rows.h), in the same order.

Money is in yuan (``float`` of whole fen, so ``4500.0``), counts are ``int``,
flags ``bool``, lists (risk types, watch groups...) ``;``-joined strings, and
zeros are filled rather than left out. A household that was not decided gets
its ``line``, ``household_id`` and the ``error_*`` columns; its other
columns are ``None`` (NaN in pandas).
"""

import json
import re
from typing import Any, Dict, List, Mapping, Optional, Union

ROW_COLUMNS = (
    "line", "household_id", "province", "county", "township", "village", "pack_id", "as_of",
    "category", "category_rule", "excluded", "risk_types", "watch_groups", "situations",
    "negative_list", "negative_list_overridden", "counted_members",
    "per_capita_net_income_yuan", "net_income_yuan", "counted_income_yuan",
    "uncounted_income_yuan", "insurance_claims_yuan", "compliant_out_of_pocket_yuan",
    "rigid_expenditure_yuan", "previous_net_income_yuan", "income_change_yuan",
    "income_change_percent", "window_start", "window_end", "members_full_labour",
    "members_partial_labour", "members_no_labour", "monitored", "measures",
    "assistance_one_off_yuan", "assistance_per_year_yuan", "assistance_per_term_yuan",
    "assistance_per_month_yuan", "loan_ceiling_yuan", "elimination_status",
    "elimination_earliest_date", "visit_state", "visit_next_due", "duties_overdue",
    "what_if",
    "error_status", "error_field", "error_message",
)

Row = Dict[str, Any]

_BASES = {
    "AMOUNT_BASIS_ONE_OFF": "assistance_one_off_yuan",
    "AMOUNT_BASIS_PER_YEAR": "assistance_per_year_yuan",
    "AMOUNT_BASIS_PER_TERM": "assistance_per_term_yuan",
    "AMOUNT_BASIS_PER_MONTH": "assistance_per_month_yuan",
    "AMOUNT_BASIS_LOAN_CEILING": "loan_ceiling_yuan",
}

_FIELD = re.compile(r"^([a-z0-9_.\[\]]+): ")


def error_field(message: str) -> Optional[str]:
    """The field path an error message starts with ("income[2].date: ..."),
    as the C library's error records name it; None when there is none."""
    match = _FIELD.match(message)
    return match.group(1) if match else None


def _yuan(fen: Union[str, int, None]) -> float:
    return int(fen or 0) / 100


def _region(household: Any) -> Mapping[str, Any]:
    if isinstance(household, (bytes, bytearray, memoryview)):
        return {}  # serialized protobuf: the region is not read here
    if isinstance(household, str):
        try:
            household = json.loads(household)
        except ValueError:
            return {}
    if isinstance(household, Mapping):
        region = household.get("region")
        if isinstance(region, Mapping):
            return region
    return {}


def decision_row(line: int, household: Any, decision: Mapping[str, Any]) -> Row:
    """The row of a decided household (the dict evaluate() returns)."""
    facts = decision.get("facts", {})
    ident = decision.get("identification", {})
    assistance = decision.get("assistance", {})
    elimination = decision.get("elimination")
    visits = decision.get("visits")
    region = _region(household)
    hits = ident.get("negative_list_hits", [])
    previous = bool(facts.get("previous_known"))
    row: Row = {
        "line": line,
        "household_id": decision.get("household_id", ""),
        "province": region.get("province", ""),
        "county": region.get("county", ""),
        "township": region.get("township", ""),
        "village": region.get("village", ""),
        "pack_id": decision.get("pack_id", ""),
        "as_of": decision.get("as_of", ""),
        "category": ident.get("category", "CATEGORY_NONE"),
        "category_rule": ident.get("category_rule_id", ""),
        "excluded": bool(ident.get("excluded", False)),
        "risk_types": ";".join(ident.get("risk_types", [])),
        "watch_groups": ";".join(ident.get("watch_groups", [])),
        "situations": ";".join(ident.get("situations", [])),
        "negative_list": ";".join(hit.get("item", "") for hit in hits),
        "negative_list_overridden": ";".join(hit.get("item", "") for hit in hits
                                             if hit.get("overridden")),
        "counted_members": int(facts.get("counted_members", 0)),
        "per_capita_net_income_yuan": _yuan(facts.get("per_capita_net_income_fen")),
        "net_income_yuan": _yuan(facts.get("net_income_fen")),
        "counted_income_yuan": _yuan(facts.get("counted_income_fen")),
        "uncounted_income_yuan": _yuan(facts.get("uncounted_income_fen")),
        "insurance_claims_yuan": _yuan(facts.get("insurance_claims_fen")),
        "compliant_out_of_pocket_yuan": _yuan(facts.get("compliant_out_of_pocket_fen")),
        "rigid_expenditure_yuan": _yuan(facts.get("rigid_expenditure_fen")),
        "previous_net_income_yuan": (_yuan(facts.get("previous_net_income_fen"))
                                     if previous else None),
        "income_change_yuan": _yuan(facts.get("income_change_fen")) if previous else None,
        "income_change_percent": (int(facts.get("income_change_bp", 0)) / 100
                                  if previous else None),
        "window_start": facts.get("window_start", ""),
        "window_end": facts.get("window_end", ""),
        "members_full_labour": int(facts.get("members_full_labour", 0)),
        "members_partial_labour": int(facts.get("members_partial_labour", 0)),
        "members_no_labour": int(facts.get("members_no_labour", 0)),
        "monitored": bool(assistance.get("monitored", False)),
        "measures": len(assistance.get("measures", [])),
        "assistance_one_off_yuan": 0.0,
        "assistance_per_year_yuan": 0.0,
        "assistance_per_term_yuan": 0.0,
        "assistance_per_month_yuan": 0.0,
        "loan_ceiling_yuan": 0.0,
        "elimination_status": (elimination.get("status", "ELIMINATION_STATUS_UNSPECIFIED")
                               if elimination is not None else ""),
        "elimination_earliest_date": (elimination or {}).get("earliest_date", ""),
        "visit_state": (visits.get("state", "VISIT_STATE_UNSPECIFIED")
                        if visits is not None else ""),
        "visit_next_due": (visits or {}).get("next_due", ""),
        "duties_overdue": ";".join(duty.get("duty_id", "") for duty in decision.get("duties", [])
                                   if duty.get("state") == "DUTY_STATE_OVERDUE"),
        "what_if": ";".join(decision.get("what_if", [])),
        "error_status": "",
        "error_field": "",
        "error_message": "",
    }
    fen_by_column: Dict[str, int] = {}
    for total in assistance.get("totals", []):
        column = _BASES.get(total.get("basis", ""))
        if column is not None:
            fen_by_column[column] = fen_by_column.get(column, 0) + int(total.get("total_fen", 0))
    for column, fen in fen_by_column.items():
        row[column] = fen / 100
    return row


def error_row(line: int, household_id: Optional[str], error: Any) -> Row:
    """The row of a household that was not decided (a PovmonError)."""
    row: Row = {column: None for column in ROW_COLUMNS}
    row["line"] = line
    row["household_id"] = household_id or ""
    row["error_status"] = getattr(error, "status", "UNKNOWN")
    row["error_field"] = getattr(error, "field", None) or ""
    row["error_message"] = getattr(error, "message", str(error))
    return row


