"""A real docassemble server for the tests: the fixtures that find or start it, its JSON API, walks
through an interview's screens, a logged-in client for its HTML pages, and a real SMTP server
(aiosmtpd) on the port the server sends its mail to.

``scripts/docassemble_server.sh`` runs the server: PostgreSQL, Redis, the web server and a Celery
worker on loopback ports, docassemble.webapp 1.10.13 with this package installed from a freshly
built wheel, its mail sent to an SMTP port on loopback. The fixtures use the server named by
SCC_SERVER_URL and SCC_SERVER_API_KEY (``docassemble_server.sh test`` sets them); without them,
they start one with the script in a folder of their own, on free ports, and stop it by its PIDs
afterwards. Without the script's venv they fail, saying how to build it.

Each walk is a list of steps: the screen id the server must ask next, and the answers to send, as
JSON values the API sets as they are (dates as ISO strings, numbers, True/False), with an upload
sent as a file.
"""

from __future__ import annotations

import email
import email.policy
import html
import http.cookiejar
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
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "docassemble_server.sh"
VENV = Path(os.environ.get("SCC_SERVER_VENV", "/tmp/scc-server-venv"))
PACKAGE = "docassemble.SmallClaimsCollect:data/questions/"

# --- the server -------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LOGIN: dict[str, str] = {}  # the server's admin e-mail and password (set by the server fixture): for a login URL
SERVER_INFO: dict[str, str] = {}  # everything info.env says of the server (its folder, its SMTP port, ...)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(url, api key) of a running server: the one named in the environment, else one started here."""
    if os.environ.get("SCC_SERVER_URL") and os.environ.get("SCC_SERVER_API_KEY"):
        LOGIN.update(username=os.environ.get("SCC_SERVER_ADMIN_EMAIL", ""), password=os.environ.get("SCC_SERVER_ADMIN_PASSWORD", ""))
        SERVER_INFO.update({k: v for k, v in os.environ.items() if k.startswith("SCC_SERVER_")})
        yield os.environ["SCC_SERVER_URL"].rstrip("/"), os.environ["SCC_SERVER_API_KEY"]
        return
    if not (VENV / "bin" / "python").exists():
        pytest.fail(f"the docassemble server environment is missing ({VENV}): run `bash scripts/docassemble_server.sh build` "
                    "(or set SCC_SERVER_VENV to where it built it)", pytrace=False)
    # (not under pytest's private temporary folder: PostgreSQL runs as the postgres user and must reach it)
    state = Path(tempfile.mkdtemp(prefix="scc-server-pytest-"))
    state.chmod(0o755)
    env = {**os.environ, "SCC_SERVER_DIR": str(state), "SCC_SERVER_PORT": str(free_port()),
           "SCC_PG_PORT": str(free_port()), "SCC_REDIS_PORT": str(free_port()), "SCC_SMTP_PORT": str(free_port())}
    started = time.monotonic()
    result = subprocess.run(["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=600)
    try:
        if result.returncode != 0:
            pytest.fail(f"scripts/docassemble_server.sh start failed:\n{result.stderr[-4000:]}", pytrace=False)
        print(f"\ndocassemble server started in {time.monotonic() - started:.0f} s")
        info = dict(line.split("=", 1) for line in (state / "info.env").read_text().splitlines() if "=" in line)
        LOGIN.update(username=info["SCC_SERVER_ADMIN_EMAIL"], password=info["SCC_SERVER_ADMIN_PASSWORD"])
        SERVER_INFO.update(info)
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


class Mailbox:
    """A real SMTP server (aiosmtpd) on the loopback port the server's config.yml sends mail to."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait(self, count: int, seconds: float = 90) -> list:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.5)
        return self.messages


@pytest.fixture
def mailbox(server):
    from aiosmtpd.controller import Controller
    port = SERVER_INFO.get("SCC_SERVER_SMTP_PORT")
    assert port, "the server's info names no SMTP port (SCC_SERVER_SMTP_PORT): docassemble_server.sh writes it"
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=int(port))
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
