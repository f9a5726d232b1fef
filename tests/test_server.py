"""The interviews on a real docassemble server: through its JSON API to downloaded PDFs, and in a browser.

``scripts/docassemble_server.sh`` runs the server: PostgreSQL and Redis on loopback ports,
docassemble.webapp 1.10.13 with this package installed from a freshly built wheel. These tests use
the server named by SCC_SERVER_URL and SCC_SERVER_API_KEY (``docassemble_server.sh test`` sets
them); without them, they start one with the script in a folder of their own, on free ports, and
stop it by its PIDs afterwards. Without the script's venv they fail, saying how to build it.

Each walk is a list of steps: the screen id the server must ask next, and the answers to send,
as JSON values the API sets as they are (dates as ISO strings, which the API turns into dates;
numbers; True/False), with an upload sent as a file. The last screen's documents are downloaded
with GET /api/file/N and read with pdftotext and pypdf. Headless Chromium (Debian's) opens the
first screen of each interview and saves a screenshot, checked to be a page with text on it.
"""

from __future__ import annotations

import html
import http.cookiejar
import io
import json
import mimetypes
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import ROOT
from interview_checks import TODAY, flat, judgment_pdf, month_day, pdf_text

SCRIPT = ROOT / "scripts" / "docassemble_server.sh"
VENV = Path(os.environ.get("SCC_SERVER_VENV", "/tmp/scc-server-venv"))
PACKAGE = "docassemble.SmallClaimsCollect:data/questions/"
APPEAL = PACKAGE + "appeal.yml"
COLLECT = PACKAGE + "collect.yml"
QUESTIONS = ROOT / "docassemble" / "SmallClaimsCollect" / "data" / "questions"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# --- the server -------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LOGIN: dict[str, str] = {}  # the server's admin e-mail and password (set by the server fixture): for a login URL


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(url, api key) of a running server: the one named in the environment, else one started here."""
    if os.environ.get("SCC_SERVER_URL") and os.environ.get("SCC_SERVER_API_KEY"):
        LOGIN.update(username=os.environ.get("SCC_SERVER_ADMIN_EMAIL", ""), password=os.environ.get("SCC_SERVER_ADMIN_PASSWORD", ""))
        yield os.environ["SCC_SERVER_URL"].rstrip("/"), os.environ["SCC_SERVER_API_KEY"]
        return
    if not (VENV / "bin" / "python").exists():
        pytest.fail(f"the docassemble server environment is missing ({VENV}): run `bash scripts/docassemble_server.sh build` "
                    "(or set SCC_SERVER_VENV to where it built it)", pytrace=False)
    # (not under pytest's private temporary folder: PostgreSQL runs as the postgres user and must reach it)
    state = Path(tempfile.mkdtemp(prefix="scc-server-pytest-"))
    state.chmod(0o755)
    env = {**os.environ, "SCC_SERVER_DIR": str(state), "SCC_SERVER_PORT": str(free_port()),
           "SCC_PG_PORT": str(free_port()), "SCC_REDIS_PORT": str(free_port())}
    started = time.monotonic()
    result = subprocess.run(["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=600)
    try:
        if result.returncode != 0:
            pytest.fail(f"scripts/docassemble_server.sh start failed:\n{result.stderr[-4000:]}", pytrace=False)
        print(f"\ndocassemble server started in {time.monotonic() - started:.0f} s")
        info = dict(line.split("=", 1) for line in (state / "info.env").read_text().splitlines() if "=" in line)
        LOGIN.update(username=info["SCC_SERVER_ADMIN_EMAIL"], password=info["SCC_SERVER_ADMIN_PASSWORD"])
        yield info["SCC_SERVER_URL"], info["SCC_SERVER_API_KEY"]
    finally:
        stopped = subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, text=True, timeout=120)
        if stopped.returncode == 0 and result.returncode == 0:
            shutil.rmtree(state, ignore_errors=True)
        else:
            print(f"\nserver logs kept in {state}/log")


class Api:
    """docassemble's JSON API, with the X-API-Key header."""

    def __init__(self, url: str, key: str):
        self.url, self.key = url, key

    def request(self, method: str, path: str, params: dict | None = None, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, bytes, str]:
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {"X-API-Key": self.key}
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=300) as response:
                return response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            return err.code, err.read(), err.headers.get("Content-Type", "")

    def json(self, method: str, path: str, **kwargs) -> dict:
        status, body, _ = self.request(method, path, **kwargs)
        assert status == 200, f"{method} {path}: HTTP {status}: {body[:2000].decode('utf-8', 'replace')}"
        return json.loads(body)

    def post_answers(self, session: dict, variables: dict, files: dict[str, Path]) -> dict:
        """POST /api/session: the answers, and any upload as multipart form data; the next screen back."""
        fields = {"i": session["i"], "session": session["session"], "question": "true",
                  "variables": json.dumps(variables)}
        if session.get("secret"):
            fields["secret"] = session["secret"]
        if not files:
            return self.json("POST", "/api/session", body=json.dumps({**fields, "variables": variables, "question": True}).encode(),
                             content_type="application/json")
        boundary = uuid.uuid4().hex
        parts = []
        file_variables = {f"file{n}": variable for n, variable in enumerate(files)}
        fields["file_variables"] = json.dumps(file_variables)
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for (key, variable) in file_variables.items():
            path = files[variable]
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{path.name}"\r\n'
                         f'Content-Type: {mime}\r\n\r\n'.encode() + path.read_bytes() + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.json("POST", "/api/session", body=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}")


def step(screen: str, files: dict[str, Path] | None = None, **answers) -> dict:
    return {"screen": screen, "answers": answers, "files": files or {}}


def walk(api: Api, interview: str, steps: list[dict], end: str, secret: str | None = None) -> dict:
    """Answers each screen in turn; returns the last screen (which must be ``end``) and the ids seen.
    ``secret``: the key to encrypt the session with (the admin's, to open it in a browser later)."""
    session = api.json("GET", "/api/session/new", params={"i": interview, **({"secret": secret} if secret else {})})
    session["i"] = interview
    if secret:
        session["secret"] = secret
    params = {"i": interview, "session": session["session"], **({"secret": session["secret"]} if session.get("secret") else {})}
    question = api.json("GET", "/api/session/question", params=params)
    seen = []
    for number, s in enumerate(steps):
        assert question.get("questionType") != "error", f"step {number}: the server showed an error: {question}"
        seen.append(question.get("id"))
        assert question.get("id") == s["screen"], (
            f"step {number}: expected the screen {s['screen']!r}, the server asked {question.get('id')!r} "
            f"({question.get('questionText')!r}); screens so far: {seen}")
        question = api.post_answers(session, s["answers"], s["files"])
    seen.append(question.get("id"))
    assert question.get("id") == end, f"ended on {question.get('id')!r} ({question.get('questionText')!r}), not {end!r}: {seen}"
    question["seen"], question["session"] = seen, session
    return question


def download_pdfs(api: Api, question: dict, folder: Path) -> dict[str, Path]:
    """Every PDF the screen offers, by file name, downloaded with GET /api/file/N."""
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for attachment in question.get("attachments", []):
        number = attachment.get("number", {}).get("pdf")
        if number is None:
            continue
        status, body, content_type = api.request("GET", f"/api/file/{number}")
        assert status == 200 and body.startswith(b"%PDF-"), f"/api/file/{number}: HTTP {status}, {content_type}"
        path = folder / f"{attachment['filename']}.pdf"
        path.write_bytes(body)
        found[attachment["filename"]] = path
    return found


@pytest.fixture(scope="module")
def api(server) -> Api:
    return Api(*server)


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


def browser_at(api: Api, final: dict) -> tuple[urllib.request.OpenerDirector, str]:
    """A cookie-keeping client logged in to the walked session (a login URL), and its screen's HTML."""
    link = api.json("POST", "/api/login_url", body=json.dumps({**LOGIN, "i": final["session"]["i"], "expire": 120,
                                                               "session": final["session"]["session"]}).encode(),
                    content_type="application/json")
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    browser.addheaders = [("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36")]  # not a spider
    with browser.open(link, timeout=120) as page:
        return browser, page.read().decode("utf-8")


def submit(api: Api, browser: urllib.request.OpenerDirector, page: str, form_id: str, **changes: str):
    """POST the form ``form_id`` of ``page`` with its own inputs (and ``changes``), as its button does."""
    form = re.search(rf'<form[^>]*id="{form_id}".*?</form>', page, re.S)
    assert form, f"the screen has no form {form_id}"
    action = html.unescape(re.search(r'action="([^"]*)"', form.group(0)).group(1))
    fields = {html.unescape(name): html.unescape(value)
              for name, value in re.findall(r'<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"', form.group(0))}
    data = urllib.parse.urlencode({**fields, **changes}).encode()
    try:
        return browser.open(urllib.parse.urljoin(api.url + "/", action), data=data, timeout=300)
    except urllib.error.HTTPError as err:  # docassemble's error page: the test reads it
        return err


def test_the_final_screen_e_mails_and_zips_every_document_it_offers(api):
    """The final screen's "E-mail these documents" (docassemble raised KeyError: 'pdf' gathering the
    attachments, when an offered document gave no mimetype) is accepted for every document, and
    "Download all" returns every one in one zip: each PDF, and the Word copy."""
    assert LOGIN.get("username") and LOGIN.get("password"), "the server's admin login is unknown (SCC_SERVER_ADMIN_*)"
    secret = api.json("GET", "/api/secret", params=LOGIN)
    final = walk(api, COLLECT, collect_steps(TODAY - timedelta(days=30)), end="papers", secret=secret)
    offered = {f"{a['filename']}.{'pdf' if 'pdf' in a['number'] else 'docx'}" for a in final["attachments"]}
    assert {"your-copy.pdf", "for-the-court.pdf", "motion-garnishee-appear.docx"} <= offered, offered
    browser, page = browser_at(api, final)
    assert "Your papers are ready" in page and 'id="daemailform"' in page
    with submit(api, browser, page, "daemailform", _attachment_email_address="hpruitt@example.org") as answer:
        status, text = answer.status, answer.read().decode("utf-8")
    assert status == 200 and "KeyError" not in text, text[-3000:]
    assert "Your documents will be e-mailed to hpruitt@example.org." in text, text[-3000:]
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
