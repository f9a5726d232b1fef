"""Which of the debtor's property is exempt from execution, from the state's exemptions data.

The categories, caps, statutes and conditions are data (``rules/<state>/exemptions.yml``);
this module only applies them to the debtor's interest in each asset (value less what is
owed) and explains each result. Where the facts given do not settle a condition, the
exemption is reported as "may apply" and kept out of the certain total.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from . import rules
from .case import Asset
from .errors import InputError, Problem
from .values import grouped_money, money

ZERO = Decimal("0")
AGGREGATE, ONE_ITEM = "aggregate", "one_item"
EXEMPT, PARTLY, NOT_EXEMPT, MAY_APPLY = "exempt", "partly_exempt", "not_exempt", "may_apply"
TESTS = ("debtor_farms", "occupation", "debt_not_before_purchase")
ORDER_NOTE = ("Where several assets share one limit, assets whose exemption is certain use it first, in the "
              "order listed; assets that may be exempt share what is left. The debtor may choose another "
              "order, so a shared limit can fall on different assets than shown.")

Verdict = tuple[bool | None, list[str]]  # whether the conditions hold (None: not settled), and what is wrong or open
Items = list[tuple[int, Asset]]  # assets with their place in the input


@dataclass(frozen=True)
class Category:
    """The exemption for one asset kind, as the data gives it; cap None means exempt in full."""

    kind: str
    label: str
    screened: bool
    cap: Decimal | None = None
    limit: str | None = None
    pool: str = ""
    pool_label: str = ""
    rule: str = ""
    description: str = ""
    conditions: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    purchase_money_note: str | None = None

    def intro(self) -> str:
        """What the exemption is, its limit and its rule, as the first sentence of a reason."""
        if self.cap is None:
            return f"{self.description}: exempt in full ({self.rule})."
        if self.limit == ONE_ITEM:
            return f"{self.description}: exempt up to ${grouped_money(self.cap)}; only one {self.label} can be exempt ({self.rule})."
        return f"{self.description}: exempt up to ${grouped_money(self.cap)} in all, one limit shared by {self.pool_label} ({self.rule})."


@dataclass(frozen=True)
class Facts:
    """What the caller knows about the debtor and the debt."""

    debt_arose: date | None
    debtor_occupation: str | None
    debtor_farms: bool | None


@dataclass(frozen=True)
class AssetExemption:
    """The screen of one asset: how much of the debtor's interest is protected, and why."""

    kind: str
    description: str
    value: Decimal
    amount_owed: Decimal
    equity: Decimal
    status: str  # exempt | partly_exempt | not_exempt | may_apply
    exempt: Decimal
    non_exempt: Decimal
    may_apply: Decimal  # protected only if an open condition turns out to hold
    cap: Decimal | None  # None when exempt in full or not screened
    rule: str
    reason: str
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("value", "amount_owed", "equity", "exempt", "non_exempt", "may_apply"):
            data[name] = money(data[name])
        data["cap"] = None if self.cap is None else money(self.cap)
        return data


@dataclass(frozen=True)
class ExemptionReport:
    """Every asset's screen, in input order, with totals and notes for the whole report."""

    state: str
    assets: list[AssetExemption]
    notes: list[str]

    @property
    def total_equity(self) -> Decimal:
        return _sum(a.equity for a in self.assets)

    @property
    def total_exempt(self) -> Decimal:
        """Certainly exempt; amounts that only may be exempt are in total_may_apply."""
        return _sum(a.exempt for a in self.assets)

    @property
    def total_non_exempt(self) -> Decimal:
        return _sum(a.non_exempt for a in self.assets)

    @property
    def total_may_apply(self) -> Decimal:
        return _sum(a.may_apply for a in self.assets)

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "assets": [a.as_dict() for a in self.assets],
            "totals": {"equity": money(self.total_equity), "exempt": money(self.total_exempt),
                       "non_exempt": money(self.total_non_exempt), "may_apply": money(self.total_may_apply)},
            "notes": list(self.notes),
        }


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def screen_exemptions(state: str, assets: list[Asset], *, debt_arose: date | None = None,
                      debtor_occupation: str | None = None, debtor_farms: bool | None = None) -> ExemptionReport:
    """Screen every asset against the state's exemptions, on the debtor's interest in it."""
    code = rules.check_state(state)
    data = rules.load(code, "exemptions")
    categories = {kind: _category(kind, spec) for kind, spec in data["kinds"].items()}
    _check_pools(code, categories)
    _check_assets(assets, categories)
    facts = Facts(debt_arose, debtor_occupation, debtor_farms)
    results: dict[int, AssetExemption] = {}
    pools: dict[str, Items] = {}
    for i, asset in enumerate(assets):
        category = categories[asset.kind]
        if category.screened:
            pools.setdefault(category.pool, []).append((i, asset))
        else:
            results[i] = _not_screened(asset, category, data["none_screened"])
    notes = list(data.get("report_notes") or [])
    for items in pools.values():
        results.update(_screen_pool(items, categories, facts))
        head = categories[items[0][1].kind]
        if len(items) > 1 and head.cap is not None and head.limit == AGGREGATE and ORDER_NOTE not in notes:
            notes.append(ORDER_NOTE)
    return ExemptionReport(code, [results[i] for i in range(len(assets))], notes)


# --- the data ------------------------------------------------------------------------------------

def _category(kind: str, spec: dict[str, Any]) -> Category:
    cap = spec.get("cap", ZERO)
    cap = None if cap is None else Decimal(str(cap))
    if cap == ZERO:
        return Category(kind, spec["label"], screened=False)
    conditions = list(spec.get("conditions") or [])
    for condition in conditions:
        if condition["test"] not in TESTS:
            raise InputError.one(f"exemptions.yml: kinds.{kind}.conditions",
                                 f"test {condition['test']!r} is not one this screen knows; "
                                 f"expected one of: {', '.join(TESTS)}")
    return Category(kind, spec["label"], True, cap, spec.get("limit", AGGREGATE), spec.get("pool", kind),
                    spec.get("pool_label", ""), spec["rule"], spec["description"], conditions,
                    list(spec.get("notes") or []), spec.get("purchase_money_note"))


def _check_pools(state: str, categories: dict[str, Category]) -> None:
    """Kinds sharing a pool must give the same cap, limit and rule."""
    first: dict[str, Category] = {}
    for category in categories.values():
        if not category.screened:
            continue
        other = first.setdefault(category.pool, category)
        if (other.cap, other.limit, other.rule) != (category.cap, category.limit, category.rule):
            raise InputError.one(str(rules.rules_path(state, "exemptions")),
                                 f"kinds {other.kind} and {category.kind} share the pool {category.pool!r} "
                                 "but give different caps, limits or rules")


def _check_assets(assets: list[Asset], categories: dict[str, Category]) -> None:
    problems = []
    for i, asset in enumerate(assets):
        if asset.kind not in categories:
            problems.append(Problem(f"assets[{i}].kind", f"{asset.kind!r} is not a kind of property this screen "
                                                         f"knows; expected one of: {', '.join(categories)}"))
        for name in ("value", "amount_owed"):
            if getattr(asset, name) < ZERO:
                problems.append(Problem(f"assets[{i}].{name}", f"{getattr(asset, name)} is negative; "
                                                               "expected an amount of zero or more, like 1850.00"))
    if problems:
        raise InputError(problems)


# --- one asset -----------------------------------------------------------------------------------

def _result(asset: Asset, category: Category, status: str, exempt: Decimal, may: Decimal, reason: str,
            notes: list[str] | None = None, rule: str | None = None) -> AssetExemption:
    return AssetExemption(asset.kind, asset.description, asset.value, asset.amount_owed, asset.equity, status,
                          exempt, asset.equity - exempt - may, may, category.cap, rule or category.rule,
                          _interest(asset) + reason, notes if notes is not None else _notes(asset, category))


def _interest(asset: Asset) -> str:
    """How the debtor's interest was worked out, when something is owed on the asset."""
    if asset.amount_owed == ZERO:
        return ""
    owed = f"It is worth ${grouped_money(asset.value)} and ${grouped_money(asset.amount_owed)} is owed on it, so "
    if asset.equity == ZERO:
        return owed + "the debtor has no interest in it for a creditor to take. "
    return owed + f"the debtor's interest is ${grouped_money(asset.equity)}. "


def _notes(asset: Asset, category: Category) -> list[str]:
    mortgage = [category.purchase_money_note] if asset.purchase_money_lien and category.purchase_money_note else []
    return mortgage + list(category.notes)


def _not_screened(asset: Asset, category: Category, none: dict[str, str]) -> AssetExemption:
    reason = (f"{none['text']} for {category.label}: all ${grouped_money(asset.equity)} of the debtor's interest "
              "is counted as not exempt.")
    return _result(asset, category, NOT_EXEMPT, ZERO, ZERO, reason, [none["federal_note"]], none["rule"])


def _status(equity: Decimal, exempt: Decimal) -> str:
    return EXEMPT if exempt == equity else PARTLY if exempt else NOT_EXEMPT


def _shares(equity: Decimal, exempt: Decimal) -> str:
    if exempt == equity:
        return f"All ${grouped_money(equity)} of the debtor's interest in it is exempt."
    if exempt:
        return (f"${grouped_money(exempt)} of the debtor's ${grouped_money(equity)} interest in it is exempt; "
                f"the other ${grouped_money(equity - exempt)} is not.")
    return f"Nothing is left of the limit, so the debtor's ${grouped_money(equity)} interest in it is not exempt."


def _would(verdict: Verdict, equity: Decimal, share: Decimal) -> str:
    return (" ".join(verdict[1]) + f" If it applies, ${grouped_money(share)} of the debtor's ${grouped_money(equity)} interest in it "
            "would be protected (shown as may apply, not in the exempt total).")


# --- conditions ----------------------------------------------------------------------------------

def _conditions(asset: Asset, category: Category, facts: Facts) -> Verdict:
    """Whether every condition holds (None: the facts do not settle one), with what is wrong or open."""
    outcomes = [_condition(c, asset, facts) for c in category.conditions]
    failed = [text for ok, text in outcomes if ok is False]
    if failed:
        return False, failed
    open_ = [text for ok, text in outcomes if ok is None]
    return (None if open_ else True), open_


def _condition(condition: dict[str, Any], asset: Asset, facts: Facts) -> tuple[bool | None, str]:
    needs = f"This exemption applies only if {condition['text']}"
    if condition["test"] == "debtor_farms":
        if facts.debtor_farms is None:
            return None, f"{needs}; the facts given do not say whether the debtor farms."
        return facts.debtor_farms, f"{needs}, and the facts given say the debtor does not farm."
    if condition["test"] == "occupation":
        return _occupation(condition, asset.owner_occupation or facts.debtor_occupation, needs)
    return _debt_date(facts.debt_arose, asset.acquired, needs)


def _occupation(condition: dict[str, Any], occupation: str | None, needs: str) -> tuple[bool | None, str]:
    if not occupation or not occupation.strip():
        return None, f"{needs}; the debtor's trade or profession is not given."
    names = {name.lower() for name in condition["any_of"]}
    names.update(name.lower() for name in (condition.get("also_called") or {}))
    words = re.findall(r"[a-z]+", occupation.lower())
    # The last word names the trade: "family physician" and "auto mechanic" count; "physician assistant" does not.
    if " ".join(words) in names or (words and words[-1] in names):
        return True, ""
    if condition.get("complete"):
        return False, f"{needs}, and the debtor's work ({occupation}) is not one of these."
    return None, f"{needs}; check whether the debtor's work ({occupation}) counts."


def _debt_date(debt_arose: date | None, acquired: date | None, needs: str) -> tuple[bool | None, str]:
    if debt_arose is None or acquired is None:
        missing = [what for what, day in (("when the debt arose", debt_arose), ("when the debtor bought it", acquired))
                   if day is None]
        return None, f"{needs}; the facts given do not say {' or '.join(missing)}."
    if debt_arose < acquired:
        return False, (f"{needs}, and the debt arose on {debt_arose.isoformat()}, before the debtor bought it "
                       f"on {acquired.isoformat()}.")
    if debt_arose == acquired:
        return None, (f"{needs}; the debt arose on the day the debtor bought it ({acquired.isoformat()}), "
                      "so the dates cannot tell which came first.")
    return True, ""


# --- pools: assets sharing one exemption -------------------------------------------------------------

def _screen_pool(items: Items, categories: dict[str, Category], facts: Facts) -> dict[int, AssetExemption]:
    """The assets of one pool: those failing a condition are not exempt; the rest share the cap."""
    verdicts = {i: _conditions(asset, categories[asset.kind], facts) for i, asset in items}
    results = {}
    for i, asset in items:
        if verdicts[i][0] is False:
            category = categories[asset.kind]
            reason = (f"{category.intro()} {' '.join(verdicts[i][1])} "
                      f"The debtor's ${grouped_money(asset.equity)} interest in it is not exempt.")
            results[i] = _result(asset, category, NOT_EXEMPT, ZERO, ZERO, reason)
    certain = [(i, a) for i, a in items if verdicts[i][0] is True]
    maybe = [(i, a) for i, a in items if verdicts[i][0] is None]
    if certain or maybe:
        head = categories[(certain + maybe)[0][1].kind]
        fill = _fill_unlimited if head.cap is None else _fill_one if head.limit == ONE_ITEM else _fill_aggregate
        results.update(fill(certain, maybe, categories, verdicts))
    return results


def _fill_unlimited(certain: Items, maybe: Items, categories: dict[str, Category],
                    verdicts: dict[int, Verdict]) -> dict[int, AssetExemption]:
    results = {}
    for i, asset in certain:
        category = categories[asset.kind]
        reason = f"{category.intro()} {_shares(asset.equity, asset.equity)}"
        results[i] = _result(asset, category, EXEMPT, asset.equity, ZERO, reason)
    for i, asset in maybe:
        category = categories[asset.kind]
        reason = f"{category.intro()} {_would(verdicts[i], asset.equity, asset.equity)}"
        results[i] = _result(asset, category, MAY_APPLY, ZERO, asset.equity, reason)
    return results


def _fill_aggregate(certain: Items, maybe: Items, categories: dict[str, Category],
                    verdicts: dict[int, Verdict]) -> dict[int, AssetExemption]:
    """Certain assets use the cap first, in input order; assets that may be exempt share what is left."""
    results = {}
    cap = categories[(certain + maybe)[0][1].kind].cap
    left = cap
    for i, asset in certain + maybe:
        category = categories[asset.kind]
        share = min(asset.equity, left)
        reason = category.intro() + " "
        if left < cap:
            who = "Assets listed earlier" if verdicts[i][0] else "Other assets"
            reason += f"{who} used ${grouped_money(cap - left)} of it first, leaving ${grouped_money(left)}. "
        left -= share
        if verdicts[i][0]:
            results[i] = _result(asset, category, _status(asset.equity, share), share, ZERO,
                                 reason + _shares(asset.equity, share))
        elif share or not asset.equity:
            results[i] = _result(asset, category, MAY_APPLY, ZERO, share, reason + _would(verdicts[i], asset.equity, share))
        else:
            reason += " ".join(verdicts[i][1]) + " Even if it applies, nothing is left of the limit for this asset."
            results[i] = _result(asset, category, NOT_EXEMPT, ZERO, ZERO, reason)
    return results


def _fill_one(certain: Items, maybe: Items, categories: dict[str, Category],
              verdicts: dict[int, Verdict]) -> dict[int, AssetExemption]:
    """One asset only: the certain one that protects the most (the first listed, on a tie); if
    none is certain, the one that may be exempt that would protect the most."""
    pool = certain or maybe
    cap = categories[pool[0][1].kind].cap
    protects = {i: min(asset.equity, cap) for i, asset in certain + maybe}
    winner, chosen = max(pool, key=lambda item: (protects[item[0]], -item[0]))
    count = len(certain) + len(maybe)
    results = {}
    for i, asset in certain + maybe:
        category = categories[asset.kind]
        reason = category.intro() + " "
        if i != winner:
            sure = " and is certainly exempt" if certain and not verdicts[i][0] else ""
            reason += (f"The exemption goes to {chosen.description}, which protects ${grouped_money(protects[winner])}{sure}; "
                       f"the debtor's ${grouped_money(asset.equity)} interest in this one is not exempt.")
            results[i] = _result(asset, category, NOT_EXEMPT, ZERO, ZERO, reason)
            continue
        if count > 1:
            reason += f"Of the {count} listed, this one protects the most, so it gets the exemption. "
        if certain:
            results[i] = _result(asset, category, _status(asset.equity, protects[i]), protects[i], ZERO,
                                 reason + _shares(asset.equity, protects[i]))
        else:
            results[i] = _result(asset, category, MAY_APPLY, ZERO, protects[i],
                                 reason + _would(verdicts[i], asset.equity, protects[i]))
    return results
