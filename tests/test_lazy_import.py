"""`cleaner clean` and the pre-commit hook start without the corpus pipeline (numpy and
the dedup modules, about 0.1 s of every start), which is imported when first needed;
``cleaner.dedup`` stays the function SPEC §6 names, whatever was imported before."""

from __future__ import annotations

import subprocess
import sys

_PIPELINE = ("numpy", "cleaner.dedup.corpus", "cleaner.dedup.engines")


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_cleaning_and_checking_do_not_import_the_corpus_pipeline() -> None:
    code = (
        "import sys, cleaner\n"
        "from cleaner.cli import main\n"
        "cleaner.clean('Titre\\n\\nChapeau.\\n\\nCorps. - VNA')\n"
        f"print([m for m in {_PIPELINE!r} if m in sys.modules])"
    )
    assert _run(code) == "[]"


def test_the_corpus_call_is_the_function_before_and_after_the_pipeline_is_imported() -> None:
    code = (
        "import cleaner, cleaner.dedup.engines\n"
        "from cleaner.dedup import DedupConfig, dedup\n"
        "page = 'T\\n\\nC.\\n\\nCorps. - VNA\\n\\nVoir plus\\n\\nAutre titre\\n\\nRésumé.'\n"
        "corpus = cleaner.dedup([('a.txt', page)])\n"
        "print(callable(cleaner.dedup), type(corpus).__name__, cleaner.Corpus is type(corpus), callable(dedup))"
    )
    assert _run(code) == "True Corpus True True"
