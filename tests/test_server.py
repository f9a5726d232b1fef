"""The interviews on a real docassemble server (tests/server_session.py finds or starts it): through
its JSON API to downloaded PDFs, the final screen's e-mail and zip, and the first screen in Chromium.

The last screen's documents are downloaded with GET /api/file/N and read with pdftotext and pypdf.
Headless Chromium (Debian's) opens the first screen of each interview and saves a screenshot,
checked to be a page with text on it.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import ROOT
from interview_checks import TODAY, flat, judgment_pdf, month_day, pdf_text
from server_session import (LOGIN, PACKAGE, Api, api, browser_at, download_pdfs, mailbox, server, step,  # noqa: F401
                            submit, walk)

APPEAL = PACKAGE + "appeal.yml"
COLLECT = PACKAGE + "collect.yml"
QUESTIONS = ROOT / "docassemble" / "SmallClaimsCollect" / "data" / "questions"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# --- the walks ----------------------------------------------------------------------------------------
def appeal_steps(judgment: Path, entered: date) -> list[dict]:
    """The Notice of Appeal with the fee waiver (AOC-026), the judgment uploaded, a typed signature."""
    return [
        step("welcome", welcome_seen=True),
        step("stage", stage="notice"),
        step("court case", county="Fayette", district_case_number="26-S-01234", was="defendant"),
        step("your name", **{"appellant.name.first": "José", "appellant.name.last": "Núñez"}),
        step("your address", **{"appellant.address.address": "1147 Maple Leaf Drive", "appellant.address.unit": "Apt. 3",
                                "appellant.address.city": "Lexington", "appellant.address.state": "KY",
                                "appellant.address.zip": "40505", "appellant.phone_number": "859-555-0142",
                                "appellant.email": "jose.nunez@example.org"}),
        step("other side kind", other_kind="business"),
        step("other business name", **{"appellee.name.first": "Limestone Handyman Services, LLC"}),
        step("other side address", **{"appellee.address.address": "408 Winchester Road", "appellee.address.unit": "Suite B",
                                       "appellee.address.city": "Lexington", "appellee.address.state": "KY",
                                       "appellee.address.zip": "40508", "appellee.email": "", "appellee_has_lawyer": False}),
        step("judgment date", judgment_entered=entered.isoformat()),
        step("appeal window", window_seen=True),
        step("judgment money", won_below="appellee", principal=2300.0, court_costs=86.5, has_interest_rate=True,
             interest_rate=12.0),
        step("judgment copy", files={"judgment_file": judgment}),
        step("filing fee", can_pay_fee=False),
        step("fee waiver", finances_here=False),  # the money questions filled in by hand
        step("service", service_method="first_class_mail", service_date=TODAY.isoformat()),
        step("review answers", answers_reviewed=True),
        step("preview", preview_seen=True),
        step("sign how", sign_method="type"),
        step("sign typed", typed_signature="José Núñez"),
    ]


def test_appeal_notice_with_fee_waiver_to_downloaded_pdfs(api, tmp_path):
    entered = TODAY - timedelta(days=3)
    started = time.monotonic()
    final = walk(api, APPEAL, appeal_steps(judgment_pdf(tmp_path / "judgment.pdf", entered), entered), end="papers")
    pdfs = download_pdfs(api, final, tmp_path / "pdfs")
    print(f"\nappeal walk: {len(final['seen'])} screens and {len(pdfs)} PDFs in {time.monotonic() - started:.1f} s")
    assert {"your-copy", "for-the-court"} <= set(pdfs), f"offered: {[a.get('filename') for a in final['attachments']]}"

    court = flat(pdf_text(pdfs["for-the-court"]))
    for words in ("NOTICE OF APPEAL", "Small Claims Case No. 26-S-01234", "FAYETTE DISTRICT COURT",
                  "JOSÉ NÚÑEZ DEFENDANT/APPELLANT", "LIMESTONE HANDYMAN SERVICES, LLC PLAINTIFF/APPELLEE",
                  f"judgment entered in this case on {month_day(entered)}", "/s/ José Núñez",
                  "SMALL CLAIMS JUDGMENT",  # the uploaded judgment, behind the notice
                  "MOTION FOR WAIVER OF COSTS AND FEES"):  # AOC-026, from the forms cache
        assert words in court, words
    waiver = court.split("AOC-026", 1)[1]
    for words in ("26-S-01234", "José Núñez", "1147 Maple Leaf Drive, Apt. 3", "Lexington, KY 40505"):
        assert words in waiver, words  # the official form, filled from the answers

    from pypdf import PdfReader
    form = PdfReader(pdfs["for-the-court"])
    values = " ".join(str(v.get("/V", "")) for v in (form.get_fields() or {}).values())
    assert "26-S-01234" in values and "Núñez" in values, "AOC-026's fields hold the case number and the name"
    mine = flat(pdf_text(pdfs["your-copy"]))
    assert mine.startswith("What to do next") and "$60.00" in mine and "26-S-01234" in mine


def collect_steps(served: date) -> list[dict]:
    """collect.yml's bank garnishment, the garnishee's 20 days over: the motion to require it to appear."""
    entered = TODAY - timedelta(days=90)
    return [
        step("welcome", welcome_seen=True),
        step("court case", county="Warren", district_case_number="26-S-00659", was="plaintiff"),
        step("your name", **{"creditor.name.first": "Harold", "creditor.name.middle": "W.", "creditor.name.last": "Pruitt"}),
        step("your address", **{"creditor.address.address": "1822 Smallhouse Road", "creditor.address.city": "Bowling Green",
                                "creditor.address.state": "KY", "creditor.address.zip": "42104",
                                "creditor.phone_number": "270-555-0158", "creditor.email": "hpruitt@example.org"}),
        step("your lawyer", filer_has_lawyer=False),
        step("other side kind", **{"debtors[0].kind": "person"}),
        step("other person name", **{"debtors[0].name.first": "Kevin", "debtors[0].name.middle": "L.",
                                     "debtors[0].name.last": "Stamper"}),
        step("other side address", **{"debtors[0].address.address": "415 Cemetery Road", "debtors[0].address.unit": "Lot 22",
                                      "debtors[0].address.city": "Bowling Green", "debtors[0].address.state": "KY",
                                      "debtors[0].address.zip": "42103", "debtors[0].has_lawyer": False}),
        step("another debtor", **{"debtors.there_is_another": False}),
        step("judgment date", judgment_entered=entered.isoformat()),
        step("judgment money", principal=1675.0, court_costs=91.0, has_interest_rate=False),
        step("any payments", **{"payments.there_are_any": False}),
        step("any costs", **{"costs.there_are_any": False}),
        step("balance", balance_seen=True),
        step("your choices", choices_seen=True),
        step("goal", goal="bank_garnishment"),
        step("demand letter", wants_demand_letter=False),
        step("garnishee", **{"garnishees[0].kind": "bank", "garnishees[0].name.first": "Commonwealth Community Bank, Inc.",
                             "garnishees[0].address.address": "950 Fairview Avenue",
                             "garnishees[0].address.city": "Bowling Green", "garnishees[0].address.state": "KY",
                             "garnishees[0].address.zip": "42101"}),
        step("another garnishee", **{"garnishees.there_is_another": False}),
        step("garnishee service", garnishee_service="certified_mail", order_served_yet=True,
             order_served=served.isoformat(), amount_delivered=0.0),
        step("hearing", hearing_date=(TODAY + timedelta(days=21)).isoformat(), hearing_time="10:00",
             hearing_place="Courtroom 3, Warren County Justice Center"),
        step("service", service_method="first_class_mail", service_date=TODAY.isoformat()),
        step("review answers", answers_reviewed=True),
        step("preview", preview_seen=True),
        step("sign how", sign_method="type"),
        step("sign typed", typed_signature="Harold W. Pruitt"),
    ]


def test_collect_bank_garnishment_to_downloaded_pdfs(api, tmp_path):
    served = TODAY - timedelta(days=30)
    started = time.monotonic()
    final = walk(api, COLLECT, collect_steps(served), end="papers")
    pdfs = download_pdfs(api, final, tmp_path / "pdfs")
    print(f"\ncollect walk: {len(final['seen'])} screens and {len(pdfs)} PDFs in {time.monotonic() - started:.1f} s")
    assert {"your-copy", "for-the-court"} <= set(pdfs), f"offered: {[a.get('filename') for a in final['attachments']]}"
    court = flat(pdf_text(pdfs["for-the-court"]))
    for words in ("MOTION TO REQUIRE GARNISHEE TO APPEAR", "26-S-00659", "WARREN DISTRICT COURT", "HAROLD W. PRUITT",
                  "KEVIN L. STAMPER", "Commonwealth Community Bank, Inc.", month_day(served), "/s/ Harold W. Pruitt"):
        assert words in court, words
    mine = flat(pdf_text(pdfs["your-copy"]))
    assert mine.startswith("What to do next") and "26-S-00659" in mine and "Kevin L. Stamper" in mine



def test_the_final_screen_e_mails_and_zips_every_document_it_offers(api, mailbox, tmp_path):
    """The final screen's "E-mail these documents" (docassemble raised KeyError: 'pdf' gathering the
    attachments, when an offered document gave no mimetype) sends every document the screen offers
    through the server's Celery worker to a real SMTP server, each PDF opening with pdftotext and
    the Word copy with its document part; "Download all" returns every one in one zip."""
    assert LOGIN.get("username") and LOGIN.get("password"), "the server's admin login is unknown (SCC_SERVER_ADMIN_*)"
    secret = api.json("GET", "/api/secret", params=LOGIN)
    final = walk(api, COLLECT, collect_steps(TODAY - timedelta(days=30)), end="papers", secret=secret)
    offered = {f"{a['filename']}.{'pdf' if 'pdf' in a['number'] else 'docx'}" for a in final["attachments"]}
    assert {"your-copy.pdf", "for-the-court.pdf", "motion-garnishee-appear.docx"} <= offered, offered
    browser, page = browser_at(api, final)
    assert "Your papers are ready" in page and 'id="daemailform"' in page
    with submit(api, browser, page, "daemailform", _attachment_email_address="hpruitt@example.org",
                _attachment_include_editable="True") as answer:
        status, text = answer.status, answer.read().decode("utf-8")
    assert status == 200 and "KeyError" not in text, text[-3000:]
    assert "Your documents will be e-mailed to hpruitt@example.org." in text, text[-3000:]

    messages = mailbox.wait(1)
    assert len(messages) == 1, f"{len(messages)} messages arrived at the SMTP server in 90 s"
    message = messages[0]
    assert message["To"] == "hpruitt@example.org"
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert set(attached) == offered, f"attached {sorted(attached)}, offered {sorted(offered)}"
    for name, content in attached.items():
        path = tmp_path / name
        path.write_bytes(content)
        if name.endswith(".pdf"):
            assert len(flat(pdf_text(path))) > 200, f"{name}: pdftotext finds no text"
        else:
            with zipfile.ZipFile(path) as docx:
                words = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
                assert "26-S-00659" in words and "garnishee" in words.lower(), name
    assert "26-S-00659" in flat(pdf_text(tmp_path / "for-the-court.pdf"))

    with submit(api, browser, page, "dadownloadform") as answer:
        assert answer.headers.get("Content-Type") == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(answer.read())).namelist()
    assert sorted(names) == sorted(offered)


# --- the browser --------------------------------------------------------------------------------------
def interviews() -> list[str]:
    """The interview files a person starts (those with a metadata block), not the shared includes."""
    names = []
    for path in sorted(QUESTIONS.glob("*.yml")):
        if any(line.startswith("metadata:") for line in path.read_text(encoding="utf-8").splitlines()):
            names.append(path.name)
    return names


@pytest.mark.parametrize("name", interviews())
def test_chromium_opens_the_first_screen(server, tmp_path, name):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/docassemble_server.sh build` (it apt-installs chromium)",
                    pytrace=False)
    url = f"{server[0]}/interview?i={PACKAGE}{name}"
    shot = tmp_path / f"{Path(name).stem}.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
             "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
             "--disable-sync", "--no-first-run", "--metrics-recording-only", "--mute-audio",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,1100", "--virtual-time-budget=15000"]
    env = {**os.environ, "HOME": str(tmp_path)}
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=180, env=env)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'id="daform"' in dom.stdout and "Leave quickly" in dom.stdout, f"{name}: no interview screen:\n{dom.stdout[:2000]}"
    style = re.search(r'href="([^"]*smallclaims\.css[^"]*)"', dom.stdout)  # the package's own CSS (ky_shared.yml)
    assert style, f"{name}: the page does not load smallclaims.css"
    with urllib.request.urlopen(urllib.parse.urljoin(server[0] + "/", html.unescape(style.group(1))), timeout=30) as answer:
        assert ".progress-bar" in answer.read().decode("utf-8")
    run = subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", url], capture_output=True, text=True, timeout=180, env=env)
    assert run.returncode == 0 and shot.exists() and shot.stat().st_size > 5000, run.stderr[-2000:]

    from PIL import Image
    with Image.open(shot) as image:
        assert image.size == (1000, 1100)
        gray = image.convert("L")
        colors = gray.getcolors(maxcolors=256 * 256) or []
        dark = sum(count for value, count in colors if value < 128)
        assert len(colors) > 20 and dark > 2000, f"{shot}: the page looks blank ({len(colors)} shades, {dark} dark pixels)"
    keep = os.environ.get("SCC_SCREENSHOTS")  # a folder to keep the screenshots in, to look at them
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
