"""A cell of hundreds of thousands of characters prints in time linear in its length (#16: a
240 KB entry took 48 s): reportlab never gets more than TEXT_CHUNK characters as one paragraph,
and no character is lost on the way."""

from __future__ import annotations

from app.reports import ReportColumn, TableReport, write_report
from app.reports.table_pdf import TEXT_CHUNK, text_chunks
from tests.helpers.programme_reports import pdf_text


def test_chunks_cut_at_breaks_then_words_and_keep_every_character():
    text = ("слово " * 900 + "\n") * 3 + "а" * (TEXT_CHUNK * 2 + 5)
    chunks = text_chunks(text)
    assert all(len(c) <= TEXT_CHUNK for c in chunks)
    assert "".join(chunks).replace("\n", "") == text.replace("\n", "")
    assert all(not c.startswith("\n") for c in chunks)
    assert chunks[0].endswith("слово ")  # a word is never cut where a space is near


def test_a_200000_character_entry_prints_whole(tmp_path):
    sentence = "Ученики работали в группах и обсуждали решения. "
    text = (sentence * (200_000 // len(sentence) + 1))[:200_000] + " ПОСЛЕДНИЕ СЛОВА"
    report = TableReport(
        "Дневник педагога",
        [ReportColumn("№", 0.5), ReportColumn("Результаты", 4.0), ReportColumn("Комментарий", 1.0)],
        [["1", text, "кратко"], ["2", "следующая запись", ""]],
    )
    write_report(report, "pdf", tmp_path / "long.pdf")  # its time: `make bench` (report_diary_entry_*)
    printed = pdf_text(tmp_path / "long.pdf")
    assert "ПОСЛЕДНИЕ СЛОВА" in printed and "следующая запись" in printed
    assert printed.count("обсуждали решения") == text.count("обсуждали решения")
