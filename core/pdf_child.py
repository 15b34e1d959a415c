"""Lay out and write one PDF in a process of its own (used by core.pdf_jobs for large PDFs).

    python -m core.pdf_child TARGET [PDF_VARIANT] < document.html

Why a process of its own: the worker has every app loaded (about 175 MB before any job) and
WeasyPrint's layout of a large report adds over 100 MB more, which the worker would keep as its
peak for the rest of its life. This process loads WeasyPrint and nothing of Django's apps, so
the layout peaks here and the memory goes back to the system when it exits. It prints one line
per WeasyPrint step ("step 5 12" is page 12 of the layout) for the parent's progress, and
fetches nothing (the same offline fetcher as core.pdf).
"""

import logging
import sys


class _StepPrinter(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        message = str(record.msg)
        if not message.startswith("Step "):
            return
        step = message[5]
        page = (
            record.args[0]
            if message.startswith("Step 5") and record.args and isinstance(record.args[0], int)
            else 0
        )
        print(f"step {step} {page}", flush=True)


def main() -> None:
    target = sys.argv[1]
    variant = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    html = sys.stdin.read()
    progress = logging.getLogger("weasyprint.progress")
    progress.addHandler(_StepPrinter())
    progress.setLevel(logging.INFO)
    progress.propagate = False
    from weasyprint import HTML

    from core.pdf import _offline_fetcher_class

    document = HTML(string=html, url_fetcher=_offline_fetcher_class()(fail_on_errors=False)).render()
    del html
    document.write_pdf(target, pdf_variant=variant)


if __name__ == "__main__":
    main()
