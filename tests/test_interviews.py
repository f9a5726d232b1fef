"""The interviews' bridge to the engine (interview_support), checked without docassemble."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import FORMS, ROOT


def pdf_images(path: str | Path) -> int:
    result = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    return max(0, len(result.stdout.strip().splitlines()) - 2)


# --- the bridge, in this process (no docassemble here) ----------------------------------------------
class Obj:
    """A stand-in for a docassemble object: attributes as set by the interview."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)


def person(first, last=None, **extra):
    return Obj(name=Obj(first=first, last=last), address=Obj(address="1147 Maple Leaf Drive", unit="Apt. 3",
               city="Lexington", state="ky", zip="40505"), **extra)


def appeal_answers(**changes):
    answers = dict(appellant=person("José", "Núñez", phone_number="859-555-0142", email="jose@example.org"),
                   appellee=person("Limestone Handyman Services, LLC"), was="defendant", other_kind="business",
                   county="Fayette", district_case_number="26-S-01234", entered=datetime(2026, 11, 12),
                   principal=2300.0, court_costs=86.5, interest_rate=12.0, fee_waiver=True,
                   service_method="first_class_mail", service_date=date(2026, 11, 23))
    answers.update(changes)
    return answers


def test_bridge_imports_without_docassemble():
    script = ("import sys, docassemble.SmallClaimsCollect.interview_support as m; "
              "assert not any(n == 'docassemble.base' or n.startswith('docassemble.base.') for n in sys.modules); print('ok')")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "ok", result.stderr


def test_bridge_makes_a_case_file_the_engine_accepts():
    from docassemble.SmallClaimsCollect.interview_support import appeal_case_data, check_case
    data = appeal_case_data(**appeal_answers())
    case = check_case(data)
    appellant, appellee = case.party("appellant"), case.party("appellee")
    assert appellant.name == "José Núñez" and appellant.roles == ["defendant", "appellant", "judgment_debtor"]
    assert appellant.address.street2 == "Apt. 3" and appellant.address.state == "KY" and appellant.phone == "859-555-0142"
    assert appellee.kind == "business" and appellee.roles == ["plaintiff", "appellee", "judgment_creditor"]
    assert str(case.judgment.principal) == "2300.00" and str(case.judgment.court_costs) == "86.50"
    assert case.judgment.entered == date(2026, 11, 12) and case.judgment.interest.rate_percent == 12
    assert case.appeal.fee_waiver and case.court.level == "district" and case.service.method == "first_class_mail"


def test_bridge_reports_what_the_schema_refuses_by_field():
    from docassemble.SmallClaimsCollect.interview_support import CaseProblems, appeal_case_data, check_case
    broken = appeal_answers(appellee=Obj(name=Obj(first="Dana", last="Whitfield"),
                                         address=Obj(address="22 Pike St", city="Covington", state="KY", zip="4101")))
    with pytest.raises(CaseProblems) as caught:
        check_case(appeal_case_data(**broken))
    assert [p.field for p in caught.value.problems] == ["parties[1].address.zip"]


def test_bridge_counts_deadlines_fees_and_words_with_the_engine():
    from docassemble.SmallClaimsCollect.interview_support import (appeal_window, deadline_days, fee, length_limit,
                                                                 statement_window, typed_words)
    window = appeal_window(date(2026, 11, 12), date(2026, 11, 20))
    assert (window.due, window.days_left, window.open, window.rule) == (date(2026, 11, 23), 3, True, "KRS 24A.340; RAP 6(A)")
    assert not appeal_window(date(2026, 10, 1), date(2026, 11, 20)).open
    assert statement_window(date(2026, 11, 12), date(2026, 11, 18), date(2026, 11, 20)).due == date(2026, 12, 18)
    assert deadline_days("notice_of_appeal_due") == 10
    assert fee("appeal_filing").amount == 60 and fee("appeal_filing", "Kenton").amount == 70
    assert length_limit("statement-of-appeal").max_words == 8750
    facts = [Obj(text="The tile cracked.", record="R. 7"), Obj(text="Unfinished")]  # the second not complete
    points = [Obj(heading="Libel", text="Small claims cannot hear it.", citations="KRS 24A.230\n")]
    assert typed_words(facts, points, "Reverse it.") == 3 + 2 + 1 + 1 + 5 + 2 + 2


def test_bridge_makes_the_packet_with_the_drawn_signature(tmp_path):
    from docassemble.SmallClaimsCollect.interview_support import appeal_case_data, make_packet, with_signature
    picture = tmp_path / "signature.png"
    from PIL import Image
    Image.new("RGB", (200, 60), "white").save(picture)
    data = appeal_case_data(**appeal_answers())
    signed = with_signature(data, Obj(path=lambda: str(picture)))
    assert signed["parties"][0]["signature_image"] == str(picture) and "signature_image" not in data["parties"][0]
    assert with_signature(data, None) is data
    packet = make_packet(signed, date(2026, 11, 20), tmp_path / "packet", cache=FORMS / "KY")
    assert {"court-packet.pdf", "user-packet.pdf", "deadlines.ics", "notice-of-appeal.docx", "manifest.json",
            "case.json"} <= set(packet.files)
    assert packet.court == ["Notice of Appeal", "Motion to Proceed In Forma Pauperis (AOC-026)"]
    assert json.loads(packet.files["case.json"].read_text(encoding="utf-8")) == signed
    assert pdf_images(packet.files["court-packet.pdf"]) >= 2  # above the signature and the certificate's
    assert any("Attach a copy of the judgment" in w for w in packet.warnings)
