"""The ``smallclaims-collect`` command line: thin doors onto the engine.

Bad input ends with one line per problem, naming the argument or field, and exit code 2.
Each subcommand imports only what it needs, so the command starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Sequence

from . import __version__
from .errors import InputError
from .values import parse_amount, parse_date, parse_dated_amount, parse_percent

EXIT_INVALID = 2


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2, with no usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message} (see --help)\n")


def _arg(parse: Callable[[str, str], Any]) -> Callable[[str], Any]:
    """An argparse type from one of the values parsers; its message becomes argparse's."""
    def convert(text: str) -> Any:
        try:
            return parse(text, "")
        except InputError as exc:
            raise argparse.ArgumentTypeError(exc.problems[0].message) from None
    convert.__name__ = parse.__name__.removeprefix("parse_")
    return convert


DATE = _arg(parse_date)
AMOUNT = _arg(parse_amount)
PERCENT = _arg(parse_percent)
DATED_AMOUNT = _arg(parse_dated_amount)


def build_parser() -> Parser:
    parser = Parser(prog="smallclaims-collect",
                    description="Court papers and the figures behind them after a small-claims judgment (Kentucky).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("check", help="check a case file and compute its deadlines, balance and limits",
                       description="Validate a case file, then compute what the engine can from it: deadlines, "
                                   "the balance with interest, wage-garnishment limits, exemptions, eligibility.")
    p.add_argument("case", metavar="CASE.yml", help="case file (YAML or JSON)")
    p.add_argument("--as-of", type=DATE, metavar="DATE", help="date to compute the balance for (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a readable report")
    p.set_defaults(run=_check)

    p = sub.add_parser("validate", help="check a case file against the schema",
                       description="Check a case file against the case-file schema and the facts against each other. "
                                   "Lists every problem at once; exit code 2 if there are any.")
    p.add_argument("case", metavar="CASE.yml", help="case file (YAML or JSON)")
    p.set_defaults(run=_validate)

    p = sub.add_parser("schema", help="print the case file's JSON Schema",
                       description="Print the JSON Schema that every case file is checked against.")
    p.set_defaults(run=_schema)

    p = sub.add_parser("deadlines", help="deadlines in court days from the dates you know",
                       description="Deadlines counted by the court calendar (RAP 6(A); CR 6.01; KRS 446.030). "
                                   "Each deadline appears only when its starting date is given.")
    _state(p)
    from .deadlines import fact_options  # the options are the facts in the rules data
    for fact, option in fact_options("KY").items():
        p.add_argument(option, dest=fact, type=DATE, metavar="DATE", help=f"date {fact.replace('_', ' ')}")
    _json(p)
    p.set_defaults(run=_deadlines)

    p = sub.add_parser("balance", help="what is owed on a judgment today, with post-judgment interest",
                       description="Balance of a judgment with post-judgment interest (KRS 360.040): simple daily "
                                   "interest, compounded on each anniversary of entry; payments go to interest, "
                                   "then costs, then the balance.")
    _state(p)
    p.add_argument("--entered", type=DATE, required=True, metavar="DATE", help='date stamped "Entered" on the judgment')
    p.add_argument("--principal", type=AMOUNT, required=True, metavar="AMT", help="amount awarded")
    p.add_argument("--costs", type=AMOUNT, required=True, metavar="AMT", help="court costs awarded")
    p.add_argument("--attorney-fees", type=AMOUNT, default=Decimal("0"), metavar="AMT", help="attorney fees awarded")
    p.add_argument("--rate", type=PERCENT, metavar="PERCENT",
                   help="yearly rate set by the judgment (default: the statutory rate for the entry date)")
    p.add_argument("--payment", type=DATED_AMOUNT, action="append", default=[], metavar="DATE:AMT",
                   help="a payment received (repeat for each)")
    p.add_argument("--post-judgment-cost", type=DATED_AMOUNT, action="append", default=[], metavar="DATE:AMT",
                   help="a cost of collection paid after judgment (repeat for each)")
    p.add_argument("--as-of", type=DATE, required=True, metavar="DATE", help="date to compute the balance for")
    _json(p)
    p.set_defaults(run=_balance)

    p = sub.add_parser("garnishment-limit", help="most that may be withheld from one paycheck",
                       description="Wage-garnishment limit (KRS 427.010(2); 15 USC 1673): the lesser of 25%% of "
                                   "disposable earnings and the amount above 30 x the minimum hourly wage a week.")
    _state(p)
    p.add_argument("--disposable", type=AMOUNT, required=True, metavar="AMT",
                   help="disposable earnings for one pay period (after taxes and required deductions)")
    p.add_argument("--period", required=True, choices=["weekly", "biweekly", "semimonthly", "monthly"], help="pay period")
    p.add_argument("--min-wage", type=AMOUNT, metavar="AMT", help="minimum hourly wage (default: the federal figure in the data)")
    _json(p)
    p.set_defaults(run=_garnishment_limit)
    p = sub.add_parser("ledger", help="the judgment's history: interest, costs and payments, with the running balance",
                       description="Print the judgment's history from a case file, a row for each day something "
                                   "happened (entry, each anniversary's compounding, each cost, each payment split "
                                   "into interest, costs and principal) and the balance on the as-of date.")
    p.add_argument("case", metavar="CASE.yml", help="case file (YAML or JSON)")
    p.add_argument("--as-of", type=DATE, metavar="DATE", help="date for the balance (default: today)")
    p.add_argument("--csv", metavar="OUT.csv", help="also write the ledger as CSV")
    p.add_argument("--pdf", metavar="OUT.pdf", help="also write the ledger as a PDF table")
    p.set_defaults(run=_ledger)
    p = sub.add_parser("render", help="a pleading that has no official form, in court format",
                       description="Write a pleading from its template and a case file, laid out in court "
                                   "format (US Letter, 1-inch margins, 12-point serif, double-spaced).")
    p.add_argument("document", metavar="DOCUMENT",
                   help="which pleading, e.g. notice-of-appeal or statement-of-appeal (a name it does not know lists them)")
    p.add_argument("case", metavar="CASE.yml", help="case file (YAML or JSON)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="where to write the PDF")
    p.add_argument("--docx", metavar="OUT.docx", help="also write an editable Word copy")
    p.add_argument("--as-of", type=DATE, metavar="DATE", help="date for deadlines and balances (default: today)")
    p.add_argument("--to", metavar="PARTY", help="for a paper addressed to one judgment debtor (demand-letter, "
                                                 "additional-interrogatories): that debtor's id (default: the first)")
    p.set_defaults(run=_render)

    p = sub.add_parser("assemble", help="the packet for a case's next step: court copy, your copy, calendar",
                       description="Choose the papers the case needs now (its workflow's next step, or --step) and "
                                   "write OUTDIR: court-packet.pdf (what is filed or served, in filing order), "
                                   "user-packet.pdf (the next-steps page, the same papers, worksheets and the "
                                   "ledger), deadlines.ics, the Word copies of the pleadings and manifest.json.")
    p.add_argument("case", metavar="CASE.yml", help="case file (YAML or JSON)")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder to write the packet into")
    p.add_argument("--step", metavar="STEP", help="make the packet for this step (a paper's name, like "
                                                  "statement-of-appeal) instead of the next one")
    p.add_argument("--as-of", type=DATE, metavar="DATE", help="date for deadlines and balances (default: today)")
    p.add_argument("--force", action="store_true", help="replace OUTDIR if it already holds files")
    _cache(p, "--cache")
    p.set_defaults(run=_assemble)

    p = sub.add_parser("batch", help="a packet for each case in a folder or a JSON Lines file",
                       description="Make a packet (as assemble does) for every case file in CASES, a folder of "
                                   "case files or a JSON Lines file of cases, each into its own folder in OUTDIR. "
                                   "A case that fails is reported and the others go on; a case whose packet is "
                                   "complete and made from the same inputs is skipped. Writes "
                                   "OUTDIR/batch-report.json. Exit code 1 if any case failed.")
    p.add_argument("cases", metavar="CASES", help="folder of case files (.yml, .yaml, .json) or a .jsonl file")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder to write the packets into")
    p.add_argument("--workers", type=_workers, default=1, metavar="N", help="processes to use (default: 1)")
    p.add_argument("--as-of", type=DATE, metavar="DATE", help="date for deadlines and balances (default: today)")
    _cache(p, "--cache")
    p.set_defaults(run=_batch)

    forms = sub.add_parser("forms", help="official court forms: list, fetch, make, inspect, fill",
                           description="Work with official fillable court PDFs.")
    forms_sub = forms.add_subparsers(dest="forms_command", required=True, metavar="FORMS_COMMAND", parser_class=Parser)
    p = forms_sub.add_parser("inspect", help="list every fillable field of a PDF form",
                             description="List every fillable field of a PDF form: full name, type, page, box, "
                                         "value, options, maximum length, multi-line, read-only, and the printed "
                                         "text nearest it (its label), for mapping case facts to fields.")
    p.add_argument("form", metavar="FORM.pdf", help="the PDF form")
    _json(p)
    p.set_defaults(run=_forms_inspect)

    p = forms_sub.add_parser("fill", help="fill a PDF form from a JSON file of field values",
                             description="Fill a PDF form. VALUES.json maps full field names to values: text for "
                                         "text, combo and list fields; true or false for a checkbox; the option's "
                                         "name for a radio group. Every value is checked first: any problem, and "
                                         "no file is written. A value is drawn at its box's own size when it "
                                         "fits, else smaller down to 7 pt (data/rules/forms/filling.yml); what "
                                         "does not fit even then goes whole to an addendum page at the end, and "
                                         "the box says where. Both are listed, with the reason.")
    p.add_argument("form", metavar="FORM.pdf", help="the PDF form")
    p.add_argument("values", metavar="VALUES.json", help="field values")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="where to write the filled form")
    p.add_argument("--flatten", action="store_true", help="turn the fields into page content (no longer editable)")
    _json(p)
    p.set_defaults(run=_forms_fill)

    p = forms_sub.add_parser("list", help="each Kentucky form, its copy in the cache, and fill or worksheet",
                             description="Each Kentucky form the handbook names: whether the cache holds a usable "
                                         "copy (ready, new revision, map broken, not fetched) and so whether a "
                                         "packet gets it filled in or a worksheet.")
    _cache(p, "--cache")
    _json(p)
    p.set_defaults(run=_forms_list)

    p = forms_sub.add_parser("fetch", help="get the official PDFs into the forms cache and check them",
                             description="Copy each form's PDF from the court's site (or from --from, a folder or a "
                                         "base address) into the cache, and check it against its map: ready (a "
                                         "known revision), new revision (fields still match) or map broken "
                                         "(names the missing fields).")
    p.add_argument("--from", dest="source", metavar="URL_OR_DIR", help="folder or base address to fetch from "
                                                                      "(default: the court's address for each form)")
    _cache(p, "--dest")
    _json(p)
    p.set_defaults(run=_forms_fetch)

    p = forms_sub.add_parser("make", help="one official form for a case: filled, or a worksheet",
                             description="Fill an official form from a case file when the cache holds a usable "
                                         "copy; otherwise write a worksheet saying what goes in each place.")
    p.add_argument("number", metavar="FORM", help="form number, like AOC-175")
    p.add_argument("case", metavar="CASE.yml", help="case file (YAML or JSON)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="where to write it")
    p.add_argument("--as-of", type=DATE, metavar="DATE", help="date for the balance and deadlines (default: today)")
    p.add_argument("--flatten", action="store_true", help="turn the fields into page content")
    _cache(p, "--cache")
    p.set_defaults(run=_forms_make)
    return parser


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes from 1 to 64")
    return int(text)


def _state(p: argparse.ArgumentParser) -> None:
    p.add_argument("--state", default="KY", metavar="STATE", help="two-letter state code (default: KY)")


def _cache(p: argparse.ArgumentParser, option: str) -> None:
    p.add_argument(option, dest="cache", metavar="DIR",
                   help="forms cache (default: $SMALLCLAIMS_FORMS_DIR, else ~/.cache/smallclaims-collect/forms)")


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a readable table")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        command = " ".join(c for c in (args.command, getattr(args, "forms_command", None)) if c)
        for problem in exc.problems:
            print(f"smallclaims-collect {command}: error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # output piped into head and closed
        return 0


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _emit(args: argparse.Namespace, data: Any, text: Callable[[], str]) -> int:
    """The result as JSON with --json, else as readable text."""
    if args.json:
        _print_json(data)
    else:
        print(text())
    return 0


# --- subcommands ----------------------------------------------------------------------------
def _schema(args: argparse.Namespace) -> int:
    from .casefile import schema
    _print_json(schema())
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .case import load_case
    from .case_report import case_number_words
    case = load_case(args.case)
    print(f"{args.case}: valid ({case.workflow}, {case.court.county} County, {case_number_words(case)})")
    return 0


def _deadlines(args: argparse.Namespace) -> int:
    from .deadlines import compute_deadlines, fact_options
    from .report_text import deadlines_table
    from .rules import check_state
    state = check_state(args.state)
    facts = {fact: getattr(args, fact) for fact in fact_options(state) if getattr(args, fact, None)}
    if not facts:
        raise InputError.one("dates", "none given; give at least one, like --entered 2026-03-02")
    report = compute_deadlines(state, facts)
    return _emit(args, report.as_dict(), lambda: deadlines_table(report))


def _balance(args: argparse.Namespace) -> int:
    from .interest import DatedAmount, Rate, compute_balance
    from .report_text import balance_text
    payments = [DatedAmount(day, amount, "Payment received") for day, amount in args.payment]
    costs = [DatedAmount(day, amount, "Post-judgment cost") for day, amount in args.post_judgment_cost]
    rate = Rate(args.rate, "rate given (--rate)") if args.rate is not None else None
    result = compute_balance(args.state, args.entered, args.principal, args.costs, args.as_of,
                             attorney_fees=args.attorney_fees, rate=rate, payments=payments, costs=costs,
                             fields={"as_of": "--as-of", "payments": "--payment", "costs": "--post-judgment-cost"})
    return _emit(args, result.as_dict(), lambda: balance_text(result))


def _garnishment_limit(args: argparse.Namespace) -> int:
    from .report_text import garnishment_text
    from .wage_garnishment import garnishment_limit
    result = garnishment_limit(args.state, args.disposable, args.period, args.min_wage)
    return _emit(args, result.as_dict(), lambda: garnishment_text(result))


def _forms_inspect(args: argparse.Namespace) -> int:
    from .form_inspect import inspect_form
    from .report_text import form_fields_table
    result = inspect_form(args.form)
    return _emit(args, result, lambda: form_fields_table(result))


def _forms_fill(args: argparse.Namespace) -> int:
    from .files import write_atomically
    from .form_fill import fill_form, load_values
    from .report_text import fill_text
    result = fill_form(args.form, load_values(args.values), flatten=args.flatten)
    write_atomically(args.output, result.pdf)
    return _emit(args, {"output": str(args.output), "flattened": args.flatten, **result.as_dict()},
                 lambda: fill_text(str(args.output), result, args.flatten))


def _forms_list(args: argparse.Namespace) -> int:
    from .form_cache import cache_dir, form_status
    from .form_facts import form_specs
    from .report_text import form_status_table
    cache = cache_dir(args.cache)
    statuses = [form_status(spec, cache) for spec in form_specs("KY")]
    return _emit(args, [s.as_dict() for s in statuses], lambda: form_status_table(statuses, cache))


def _forms_fetch(args: argparse.Namespace) -> int:
    from .form_cache import MAP_BROKEN, cache_dir, fetch
    from .form_facts import form_specs
    from .report_text import form_status_table
    cache = cache_dir(args.cache)
    statuses = fetch(form_specs("KY"), args.source, cache)
    _emit(args, [s.as_dict() for s in statuses], lambda: form_status_table(statuses, cache))
    return 1 if any(s.status == MAP_BROKEN for s in statuses) else 0


def _forms_make(args: argparse.Namespace) -> int:
    from .report_text import fitting_lines
    from .case import load_case
    from .court_forms import make_form
    from .files import write_atomically
    from .form_cache import cache_dir
    from .form_facts import load_form_spec
    spec = load_form_spec(args.number)
    made = make_form(spec, load_case(args.case), args.as_of or date.today(), cache_dir(args.cache), flatten=args.flatten)
    write_atomically(args.output, made.pdf)
    what = "filled in" if made.kind == "filled" else f"worksheet ({made.status.status}: {made.status.detail})"
    print(f"{args.output}: {spec.number} {spec.title}, {what}")
    if made.missing:
        print("  not in the case file: " + "; ".join(made.missing))
    for line in fitting_lines(made.smaller, made.addendum):
        print(f"  {line}")
    return 0


def _ledger(args: argparse.Namespace) -> int:
    from .case import load_case
    from .case_report import balance_for, case_line
    from .errors import InputError
    from .files import write_atomically
    from .ledger import ledger_csv, ledger_text
    case = load_case(args.case)
    if case.judgment is None:
        raise InputError.one("judgment", "a ledger needs the judgment: give judgment.entered, principal and court_costs")
    balance = balance_for(case, args.as_of or date.today(), "--as-of")
    title = f"Ledger: {case_line(case)}"
    if args.pdf:
        from .ledger_pdf import ledger_pdf
        write_atomically(args.pdf, ledger_pdf(balance, title))
    if args.csv:
        write_atomically(args.csv, ledger_csv(balance).encode("utf-8"))
    print(ledger_text(balance, title))
    for warning in balance.warnings:
        print(f"  warning: {warning}")
    return 0


def _render(args: argparse.Namespace) -> int:
    from .case import load_case
    from .files import write_atomically
    from .pleading_documents import make_pleading
    made = make_pleading(args.document, load_case(args.case), args.as_of or date.today(), to=args.to)
    docx = None
    if args.docx:
        from .pleading_docx import pleading_docx
        docx = pleading_docx(made.pleading)
    write_atomically(args.output, made.pdf)
    attached = f" and {made.attached_pages} attached" if made.attached_pages else ""
    pages = "1 page" if made.pages == 1 else f"{made.pages} pages"
    print(f"{args.output}: {made.document}, {made.words:,} words, {pages}{attached}")
    if docx is not None:
        write_atomically(args.docx, docx)
        print(f"{args.docx}: the same, to edit in Word")
    for warning in made.warnings:
        print(f"  warning: {warning}")
    return 0


def _assemble(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .case import load_case
    from .form_cache import cache_dir
    from .packet_assembly import assemble
    from .packet_folder import inputs_fingerprint, packet_files, write_packet
    from .report_text import packet_text
    as_of, cache, folder = args.as_of or date.today(), cache_dir(args.cache), Path(args.output)
    case = load_case(args.case)
    packet = assemble(case, as_of, cache, args.step)
    files = packet_files(packet, inputs_fingerprint(Path(args.case).read_bytes(), as_of, args.step, cache))
    write_packet(files, folder, args.force)
    print(packet_text(packet, folder, files))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .form_cache import cache_dir
    from .packet_batch import count_items, run_batch
    from .progress import ProgressBar
    from .report_text import batch_text
    bar = ProgressBar(sys.stderr, "cases", count_items(Path(args.cases)) if sys.stderr.isatty() else None)
    report = run_batch(Path(args.cases), Path(args.output), args.as_of or date.today(), cache_dir(args.cache),
                       args.workers, bar.update)
    bar.close()
    print(batch_text(report, args.output))
    return 1 if report["counts"]["failed"] else 0


def _check(args: argparse.Namespace) -> int:
    from .case import load_case
    from .case_report import case_report
    from .report_text import case_report_text
    report = case_report(load_case(args.case), args.as_of or date.today())
    return _emit(args, report, lambda: case_report_text(report))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
