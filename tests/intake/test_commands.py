"""`extract_article` and `evaluate_intake` from the command line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agreements.intake.evaluation import CORPUS_DIR, FIELDS, evaluate_corpus

pytestmark = pytest.mark.django_db

# What the engine reaches on its corpus today (see the README); a regression fails here.
THRESHOLDS = {
    "parties": (0.95, 0.9),
    "party kinds": (0.9, 0.85),
    "instruments": (0.85, 0.85),
    "kinds": (0.9, 0.9),
    "participants": (0.9, 0.9),
    "dates": (0.9, 0.9),
    "amounts": (0.9, 0.9),
}


def _run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_extract_article_prints_json_proposals(tmp_path, seed_text):
    path = tmp_path / "article.txt"
    path.write_text(seed_text, encoding="utf-8")
    result = json.loads(
        _run("extract_article", str(path), "--published-on", "2024-11-18", "--json")
    )
    assert len(result["parties"]) == 11
    assert len(result["agreements"]) == 7
    contract = next(a for a in result["agreements"] if a["kind"] == "contract")
    assert contract["value"] == {"amount": "463000000", "currency": "USD"}
    assert set(result["parties"][0]) >= {"name", "kind", "country", "matched", "quote"}


def test_extract_article_prints_a_readable_summary(tmp_path, seed_text):
    path = tmp_path / "article.txt"
    path.write_text(seed_text, encoding="utf-8")
    output = _run("extract_article", str(path), "--published-on", "2024-11-18")
    assert "Parties (11):" in output
    assert "Agreements (7):" in output
    assert "463000000 USD" in output


def test_extract_article_needs_a_publication_date(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Japan and the Philippines signed a loan agreement on Tuesday.", "utf-8")
    with pytest.raises(CommandError, match="--published-on"):
        _run("extract_article", str(path))
    with pytest.raises(CommandError, match="2024-11-18"):
        _run("extract_article", str(path), "--published-on", "18/11/2024")
    with pytest.raises(CommandError, match="Cannot read"):
        _run("extract_article", str(tmp_path / "missing.txt"), "--published-on", "2024-11-18")


def test_every_corpus_text_has_a_hand_written_answer():
    texts = {path.stem for path in CORPUS_DIR.glob("*.txt")}
    answers = {
        path.name.removesuffix(".expected.json") for path in CORPUS_DIR.glob("*.expected.json")
    }
    assert texts == answers
    assert len(texts) >= 4, "the seed and at least three other agreement news texts"


def test_evaluate_intake_prints_precision_and_recall():
    output = _run("evaluate_intake")
    assert "precision" in output and "recall" in output
    for field in ("parties", "kinds", "dates", "amounts"):
        assert any(line.startswith(field) for line in output.splitlines()), field


def test_the_engine_scores_at_least_what_the_readme_reports():
    scores = json.loads(_run("evaluate_intake", "--json"))["totals"]
    assert set(scores) == set(FIELDS)
    for field, (precision, recall) in THRESHOLDS.items():
        assert scores[field]["precision"] >= precision, field
        assert scores[field]["recall"] >= recall, field


def test_the_seed_article_is_read_completely():
    documents, _ = evaluate_corpus()
    (seed,) = [d for d in documents if d.name == "korea-peru-summit-2024-11-18"]
    for field in ("parties", "instruments", "kinds", "dates", "amounts"):
        assert seed.scores[field].recall == 1.0, (field, seed.missed)
        assert seed.scores[field].precision == 1.0, (field, seed.extra)
