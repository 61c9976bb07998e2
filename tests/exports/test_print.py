"""The contact list printed as LibreOffice prints it: every header in full, one
page wide. LibreOffice comes with the test setup (scripts/ensure-test-deps.sh);
without it this skips locally and fails in CI."""

import io
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = "LibreOffice is missing (apt-get install libreoffice-calc-nogui)"
    if os.getenv("CI") == "true":
        pytest.fail(f"{message}; CI must not skip it")
    pytest.skip(message)


def _pdf_of(xlsx: bytes, folder) -> PdfReader:
    source = folder / "export.xlsx"
    source.write_bytes(xlsx)
    subprocess.run(
        [
            _soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(folder / "export.pdf")


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_printed_list_shows_every_header_in_full(staff, tmp_path, lang):
    xlsx = staff.get(f"/municipality/export/contacts.xlsx?lang={lang}").data
    headers = [
        cell.value
        for sheet in load_workbook(io.BytesIO(xlsx)).worksheets
        for cell in next(sheet.iter_rows(max_row=1))
    ]
    pdf = _pdf_of(xlsx, tmp_path)
    text = _words(" ".join(page.extract_text() for page in pdf.pages))
    missing = [h for h in headers if _words(h) not in text]
    assert missing == [], text[:400]
    # one page wide: the two short sheets print on one page each
    assert len(pdf.pages) == 2
