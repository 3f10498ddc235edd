"""Approve the current page images as the visual references (`make approve-proofs`).

Run it after looking at the diff images the visual test wrote (build/visual-diff/) or the
contact sheets of `make proofs`, when the change they show is wanted; commit the PNGs in
tests/visual/references/ with a message saying what changed on the page and why.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .engines import missing_tools
from .reference import DPI, REFERENCES, approve, render


def main() -> int:
    missing = missing_tools(("pdftoppm", "pdftotext", "soffice"))
    if missing:
        print(f"缺少：{'；'.join(missing)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="skillwage-approve-") as work:
        for line in approve(render(Path(work))):
            print(line)
    print(f"参考图已更新（{DPI} dpi，灰度）：{REFERENCES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
