"""Readable text for the terminal: the same figures the JSON output carries."""

from __future__ import annotations

import textwrap
from typing import Any

from .deadlines import DeadlineReport
from .interest import Balance
from .wage_garnishment import GarnishmentLimit

WIDTH = 100


def _wrap(text: str, indent: str, then: str | None = None) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=then if then is not None else indent)


def deadlines_table(report: DeadlineReport) -> str:
    return _deadline_lines([d.as_dict() for d in report.deadlines], report.warnings, f"Deadlines ({report.state})")


def _deadline_lines(deadlines: list[dict[str, Any]], warnings: list[str], heading: str) -> str:
    lines = [heading, ""]
    for item in sorted(deadlines, key=lambda d: d["date"]):
        lines.append(f"{item['date']}  {item['title']}  [{item['rule']}]")
        lines.append(_wrap(item["explanation"], "            "))
        if item.get("note"):
            lines.append(_wrap("Note: " + item["note"], "            "))
    if warnings:
        lines += ["", "Warnings:"] + [_wrap(w, "  ! ", "    ") for w in warnings]
    return "\n".join(lines)


def balance_text(result: Balance) -> str:
    data = result.as_dict()
    return "\n".join(_balance_lines(data))


def _balance_lines(data: dict[str, Any]) -> list[str]:
    rows = [
        ("Judgment amount", data["judgment_amount"],
         f"principal {data['principal']} + court costs {data['court_costs']} + attorney fees {data['attorney_fees']}"),
        ("Interest accrued", data["interest_accrued"], f"{data['rate_percent']}% a year: {data['rate_basis']}"),
        ("Post-judgment costs", data["post_judgment_costs"], "costs of collection; they bear no interest"),
        ("Payments received", data["payments"], "applied to interest, then costs, then the balance"),
        ("Balance", data["balance"], f"owed on {data['as_of']}"),
        ("Interest per day", data["per_diem"], "on the interest-bearing balance of " + data["interest_bearing_balance"]),
    ]
    lines = [f"Balance of the judgment entered {data['entered']}, as of {data['as_of']} [{data['rule']}]", ""]
    lines += [f"  {label:<22}{amount:>12}   {note}" for label, amount, note in rows]
    if data["warnings"]:
        lines += ["", "Warnings:"] + [_wrap(w, "  ! ", "    ") for w in data["warnings"]]
    return lines


def garnishment_text(result: GarnishmentLimit) -> str:
    data = result.as_dict()
    return "\n".join([
        f"Wage-garnishment limit, {data['period']} pay [{data['rule']}]",
        "",
        f"  {'Disposable earnings':<22}{data['disposable']:>12}",
        f"  {'Protected floor':<22}{data['floor']:>12}   {data['floor_hours']} x minimum wage {data['minimum_wage']}",
        f"  {'Most that may be withheld':<26}{data['max_garnishable']:>8}",
        "",
        _wrap(data["explanation"], "  "),
    ])


def case_report_text(report: dict[str, Any]) -> str:
    case = report["case"]
    lines = [f"{case['court']}, case {case['district_case_number']}"
             + (f" (circuit {case['circuit_case_number']})" if case.get("circuit_case_number") else "")
             + f": {case['workflow'].replace('_', ' ')}, prepared by {case['filer']}", ""]
    if report["deadlines"]:
        lines.append(_deadline_lines(report["deadlines"], [], "Deadlines"))
        lines.append("")
    if "balance" in report:
        lines += _balance_lines({**report["balance"], "warnings": []}) + [""]
    for limit in report.get("wage_garnishment", []):
        lines += [f"Wage garnishment, {limit['garnishee']}: at most {limit['max_garnishable']} a {limit['period']} pay period "
                  f"[{limit['rule']}]", _wrap(limit["explanation"], "  "), ""]
    if "exemptions" in report:
        lines += _exemption_lines(report["exemptions"]) + [""]
    if "eligibility" in report:
        lines += _eligibility_lines(report["eligibility"]) + [""]
    if report["warnings"]:
        lines += ["Warnings:"] + [_wrap(w, "  ! ", "    ") for w in report["warnings"]]
    return "\n".join(lines).rstrip()


def _exemption_lines(screen: dict[str, Any]) -> list[str]:
    totals = screen["totals"]
    lines = [f"Exemptions (the debtor's interest {totals['equity']}): {totals['exempt']} exempt, "
             f"{totals['non_exempt']} not exempt, {totals['may_apply']} may be exempt"]
    for asset in screen["assets"]:
        may = f", may be exempt {asset['may_apply']}" if asset["may_apply"] != "0.00" else ""
        lines.append(f"  {asset['description']}: {asset['status'].replace('_', ' ')} (exempt {asset['exempt']}, "
                     f"not exempt {asset['non_exempt']}{may}) [{asset['rule']}]")
        lines.append(_wrap(asset["reason"], "      "))
        lines += [_wrap(note, "      * ", "        ") for note in asset["notes"]]
    lines += [_wrap(note, "  * ", "    ") for note in screen["notes"]]
    return lines


def _eligibility_lines(verdict: dict[str, Any]) -> list[str]:
    heading = "the claim can be filed there" if verdict["eligible"] else "the claim cannot be filed there as it stands"
    lines = [f"Small Claims Division: {heading}"]
    for reason in verdict["reasons"]:
        mark = "ok" if reason["ok"] else ("NO" if reason["checked"] else "??")
        lines.append(_wrap(f"{mark}  {reason['message']} [{reason['rule']}]", "  ", "      "))
    return lines


def form_fields_table(result: dict[str, Any]) -> str:
    fields = result["fields"]
    lines = [f"{result['form']}: {len(fields)} fillable fields", ""]
    for f in fields:
        extra = f" options: {', '.join(f['options'])}" if f["options"] and f["type"] != "combo" else (
            f" ({len(f['options'])} choices)" if f["options"] else "")
        mapping = f"  (mapping name {f['mapping_name']})" if f["mapping_name"] and f["mapping_name"] != f["name"] else ""
        lines.append(f"p{f['page']}  {f['type']:<9} {f['name']}{mapping}" + (f"  <- {f['label']}" if f["label"] else "") + extra)
    return "\n".join(lines)


def fill_text(output: str, result: Any, flattened: bool) -> str:
    """What ``forms fill`` wrote (form_fill.FillResult), and each value drawn smaller or sent away."""
    lines = [f"{output}: {len(result.filled)} fields filled" + (", flattened" if flattened else "")]
    return "\n".join(lines + [f"  {line}" for line in fitting_lines(result.smaller, result.addendum)])


def fitting_lines(smaller: list, addendum: list) -> list[str]:
    """One line for each value drawn below its box's size and each answer on the addendum, with why."""
    lines = [f"drawn smaller: {s.field} (page {s.page}) at {s.size:g} pt, the box's size is {s.box_size:g} pt: {s.reason}"
             for s in smaller]
    return lines + [f"addendum item {a.number}: {a.label} (page {a.page}" + (f", field {a.field}" if a.label != a.field else "")
                    + f"): {a.reason}" for a in addendum]


def form_status_table(statuses: list, cache: Any) -> str:
    """Each form, its status in the cache and what a packet gets (forms list, forms fetch)."""
    rows = [(s.number, s.title if len(s.title) <= 44 else s.title[:43] + "…", s.output, s.status, s.detail)
            for s in statuses]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"Forms cache: {cache}"]
    lines += [f"{n:<{widths[0]}}  {t:<{widths[1]}}  {o:<{widths[2]}}  {st}: {d}" for n, t, o, st, d in rows]
    return "\n".join(lines)


def packet_text(packet: Any, folder: Any, files: dict[str, bytes]) -> str:
    """What ``assemble`` wrote into ``folder`` (packet_assembly.Packet), for the person who ran it."""
    plan, court = packet.plan, packet.court
    lines = [f"{folder}/: {plan.title} (step: {plan.step})",
             _wrap(f"user-packet.pdf   {sum(d.pages for d in packet.documents)} pages, yours: "
                   + "; ".join(d.title for d in packet.documents), "  ", "                    ")]
    if court:
        lines.append(_wrap(f"court-packet.pdf  {sum(d.pages for d in court)} pages, to file or serve: "
                           + "; ".join(d.title for d in court), "  ", "                    "))
    elif plan.papers:
        lines.append("  court-packet.pdf  not made: this step's forms are worksheets (see below)")
    else:
        lines.append("  court-packet.pdf  not made: nothing may be filed or sent yet")
    for paper in plan.waiting:
        lines.append(_wrap(f"not yet: {paper.title}: {paper.after_unknown}" if paper.after_unknown else
                           f"not yet: {paper.title} may be filed from {paper.first_day.isoformat()} "
                           f"({paper.after.rule})", "  ", "    "))
    dates = len(plan.dates) + len(plan.hearings) + len([p for p in plan.waiting if p.first_day])
    lines.append(f"  deadlines.ics     {dates} date{'' if dates == 1 else 's'} for your calendar")
    lines += [f"  {name}  Word copy, to edit" for name in files if name.endswith(".docx")]
    lines.append("  manifest.json     what each file holds, with its SHA-256")
    lines += [_wrap(f"worksheet: {d.title}: the forms cache has no usable copy of the form "
                    "(see smallclaims-collect forms list)", "  ", "    ") for d in packet.documents if d.kind == "worksheet"]
    lines += [_wrap(f"{d.key}: " + _fitting_summary(d.fitting) + " (manifest.json lists each, with why)", "  ", "    ")
              for d in packet.documents if d.fitting]
    lines += [_wrap(f"warning: {w}", "  ", "    ") for w in packet.warnings]
    return "\n".join(lines)


def _fitting_summary(fitting: dict[str, list]) -> str:
    smaller, addendum = len(fitting.get("drawn_smaller", [])), len(fitting.get("addendum", []))
    parts = [f"{smaller} value{'' if smaller == 1 else 's'} drawn smaller than {'its box' if smaller == 1 else 'their boxes'} to fit"] if smaller else []
    parts += [f"{addendum} answer{'' if addendum == 1 else 's'} on its addendum page"] if addendum else []
    return "; ".join(parts)


def batch_text(report: dict[str, Any], out: str) -> str:
    """The batch's summary: how many packets were made, skipped and failed, and why each failed."""
    counts = report["counts"]
    total = sum(counts.values())
    lines = [f"{total} case{'' if total == 1 else 's'}: {counts['done']} done, {counts['skipped']} skipped "
             f"(unchanged), {counts['failed']} failed; {report['seconds']} s, {report['packets_per_second']} packets/s",
             f"  packets in {out}/, report in {out}/batch-report.json"]
    for result in report["results"]:
        if result["status"] == "failed":
            lines.append(f"  failed: {result['source']}")
            lines += [_wrap(problem, "    ", "      ") for problem in result["problems"]]
    return "\n".join(lines)
