"""A party with a lawyer (parties[].attorney): a represented filer's papers are signed by the
lawyer (name, bar number, firm, address, phone, e-mail, "Counsel for <party>"), the certificate of
service is the lawyer's, a sworn paper is still sworn by the party, and a copy for a represented
opposing party goes to that party's lawyer (CR 5.02(1))."""

from __future__ import annotations

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect.casefile import load_case_data
from test_signing_date import render

LAWYER = {"name": "Rebecca T. Oyelaran", "bar_number": "93021", "firm": "Oyelaran Law PLLC",
          "address": {"street": "444 East Main Avenue, Suite 2", "city": "Bowling Green", "state": "KY", "zip": "42101"},
          "phone": "270-555-0177", "email": "roy@oyelaran.example.com"}
DEBTORS_LAWYER = {"name": "Curtis W. Belcher", "bar_number": "88120", "firm": "Belcher & Vance",
                  "address": {"street": "19 Fountain Square", "city": "Bowling Green", "state": "KY", "zip": "42101"}}


def bank_case(creditor_lawyer: dict | None = None, debtor_lawyer: dict | None = None) -> dict:
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    for party, lawyer in zip(data["parties"], (creditor_lawyer, debtor_lawyer)):
        if lawyer:
            party["attorney"] = lawyer
    return data


def test_a_represented_creditors_motion_is_signed_by_the_lawyer(cli, tmp_path):
    text = render(cli, tmp_path, "motion-garnishee-appear", bank_case(creditor_lawyer=LAWYER))
    block = ("/s/ Rebecca T. Oyelaran Rebecca T. Oyelaran Bar No. 93021 Oyelaran Law PLLC 444 East Main Avenue, "
             "Suite 2 Bowling Green, KY 42101 Phone: 270-555-0177 Email: roy@oyelaran.example.com "
             "Counsel for Harold W. Pruitt Date: November 23, 2026")
    assert block in text
    certificate = text[text.index("CERTIFICATE OF SERVICE"):]
    assert "Bowling Green, KY 42103. /s/ Rebecca T. Oyelaran Rebecca T. Oyelaran Counsel for Harold W. Pruitt" in certificate
    assert "without a lawyer" not in text and "/s/ Harold W. Pruitt" not in text
    assert "1822 Smallhouse Road" not in text  # the client's own address is not the one to reach


def test_the_same_paper_without_a_lawyer_is_the_persons_own(cli, tmp_path):
    text = render(cli, tmp_path, "motion-garnishee-appear", bank_case())
    assert "/s/ Harold W. Pruitt Harold W. Pruitt, without a lawyer 1822 Smallhouse Road" in text
    assert "Counsel for" not in text


def test_a_represented_debtor_is_served_through_the_lawyer(cli, tmp_path):
    data = bank_case(debtor_lawyer=DEBTORS_LAWYER)
    data.update(workflow="satisfaction", payments=[{"date": "2026-11-16", "amount": 500.0, "source": "debtor"}])
    text = render(cli, tmp_path, "satisfaction-of-judgment", data)
    certificate = text[text.index("CERTIFICATE OF SERVICE"):]
    assert ("to: Curtis W. Belcher, attorney for Kevin L. Stamper, 19 Fountain Square, Bowling Green, KY 42101."
            in certificate)
    assert "415 Cemetery Road" not in certificate


def test_the_lien_example_is_signed_by_the_creditors_lawyer(cli, tmp_path):
    text = render(cli, tmp_path, "notice-of-judgment-lien", load_case_data(EXAMPLES / "ky-judgment-lien.yml"))
    assert "/s/ Samuel K. Adeyemi Samuel K. Adeyemi Bar No. 97112 Green River Legal Services" in text
    assert "Counsel for Margaret Ellen Haycraft" in text and "without a lawyer" not in text


def test_a_sworn_paper_is_sworn_by_the_party_with_the_lawyer_named_as_counsel(cli, tmp_path):
    data = load_case_data(EXAMPLES / "ky-execution.yml")
    creditor = next(p for p in data["parties"] if "judgment_creditor" in p["roles"])
    creditor["attorney"] = LAWYER
    data.setdefault("execution", {}).update(county="Simpson", insufficient_property_in_judgment_county=True)
    text = render(cli, tmp_path, "affidavit-insufficient-property", data)
    assert f"____________________ {creditor['name']} " in text and "without a lawyer" not in text
    assert f"Rebecca T. Oyelaran Bar No. 93021 Oyelaran Law PLLC" in text and f"Counsel for {creditor['name']}" in text
    assert "/s/" not in text  # sworn before a notary: no typed signature
