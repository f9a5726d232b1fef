"""Screenshots at phone width (390 px) of interview screens deep in collect.yml, on a real server.

Run inside `bash scripts/docassemble_server.sh test python scripts/screenshots.py OUT` (it sets
SCC_SERVER_URL, SCC_SERVER_API_KEY and the admin login). Each walk answers the screens through the
JSON API in a session encrypted with the admin's secret; at each screen named in SHOOT, a login URL
for that session opens it in headless Chromium, which saves OUT/<walk>-<screen>.png. For looking at
the screens, not a test: a walk that meets a screen it does not expect stops and says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_interview_collect import BANK, LAWYER, PAID_ON, TRISTATE, owed  # noqa: E402
from test_server import CHROMIUM, COLLECT, TODAY, Api, collect_steps, step  # noqa: E402

SHOOT = {"your lawyer", "your lawyer details", "other side lawyer", "not yet", "paid in full", "papers"}


def typed(steps: list[dict]) -> list[dict]:
    """The in-process scenarios' answers as the API takes them: amounts as numbers, a state given."""
    out = []
    for s in steps:
        answers = {}
        for key, value in s["answers"].items():
            if key.endswith(("amount", "principal", "court_costs")) and isinstance(value, str):
                value = float(value.replace(",", ""))
            answers[key] = value
            if key.endswith("address.zip"):
                answers[key.replace(".zip", ".state")] = "KY"
        out.append(step(s["screen"], **answers))
    return out


def walks() -> dict[str, list[dict]]:
    base = collect_steps(TODAY - timedelta(days=5))  # the garnishee's 20 days are not over: "not yet"
    lawyers = base[:4] + typed([step("your lawyer", filer_has_lawyer=True), step("your lawyer details", **LAWYER),
                                *TRISTATE]) + base[8:20]
    paid = base[:10] + [step("judgment money", principal=1675.0, court_costs=91.0, has_interest_rate=False),
                        step("any payments", **{"payments.there_are_any": True}),
                        step("payment", **{"payments[0].date": PAID_ON.isoformat(),
                                           "payments[0].amount": float(owed(payments=False, as_of=PAID_ON)["balance"]),
                                           "payments[0].note": "cashier's check"}),
                        step("another payment", **{"payments.there_is_another": False}),
                        step("any costs", **{"costs.there_are_any": False}), step("balance", balance_seen=True)]
    return {"lawyers": lawyers, "papers": collect_steps(TODAY - timedelta(days=30)), "paid": paid}


def shoot(api_url: str, session: dict, name: str, out: Path) -> None:
    """Open ``session`` at its current screen in Chromium, 390 px wide, and save the page."""
    api = Api(api_url, os.environ["SCC_SERVER_API_KEY"])
    link = api.json("POST", "/api/login_url", body=json.dumps({
        "username": os.environ["SCC_SERVER_ADMIN_EMAIL"], "password": os.environ["SCC_SERVER_ADMIN_PASSWORD"],
        "i": session["i"], "session": session["session"], "expire": 60}).encode(), content_type="application/json")
    with tempfile.TemporaryDirectory() as home:
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--disable-background-networking", "--no-first-run", f"--user-data-dir={home}/profile",
                 "--window-size=390,1300", "--virtual-time-budget=15000", f"--screenshot={out / name}"]
        subprocess.run([CHROMIUM, *flags, link if isinstance(link, str) else link["url"]], check=True,
                       capture_output=True, timeout=180, env={**os.environ, "HOME": home})
    print(f"saved {out / name}")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    url = os.environ["SCC_SERVER_URL"].rstrip("/")
    api = Api(url, os.environ["SCC_SERVER_API_KEY"])
    secret = api.json("GET", "/api/secret", params={"username": os.environ["SCC_SERVER_ADMIN_EMAIL"],
                                                      "password": os.environ["SCC_SERVER_ADMIN_PASSWORD"]})
    for walk, steps in walks().items():
        session = api.json("GET", "/api/session/new", params={"i": COLLECT, "secret": secret})
        session.update(i=COLLECT, secret=secret)
        params = {"i": COLLECT, "session": session["session"], "secret": secret}
        question = api.json("GET", "/api/session/question", params=params)
        for s in [*steps, None]:
            here = question.get("id")
            if here in SHOOT:
                shoot(url, session, f"{walk}-{here.replace(' ', '-')}.png", out)
            if s is None:
                break
            if here != s["screen"]:
                print(f"{walk}: the server asked {here!r} ({question.get('questionText')!r}), not {s['screen']!r}; stopped")
                break
            question = api.post_answers(session, s["answers"], {})


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
