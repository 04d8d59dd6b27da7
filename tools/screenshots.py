"""Screenshots for the README (make screenshots): the caseworker's page with a finding,
a rule page, and the audit report of the example export, in Debian's headless Chromium.

Writes docs/screenshots/{side,regel,rapport}.png (each whole or not at all)."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from praktiktjek.web import Settings, create_app

    if not Path(CHROMIUM).exists():
        print("screenshots: /usr/bin/chromium is missing (make browser installs it)", file=sys.stderr)
        return 2
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(Settings()), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)

    def save(page, name: str, full: bool = False) -> None:  # type: ignore[no-untyped-def]
        fd, tmp = tempfile.mkstemp(dir=OUT, prefix=f".{name}.", suffix=".png")
        os.close(fd)
        page.screenshot(path=tmp, full_page=full)
        os.replace(tmp, OUT / f"{name}.png")
        print(f"docs/screenshots/{name}.png")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="da-DK")
        page.goto(base + "/")
        page.click(".open-box summary")
        page.set_input_files("#open-file", str(ROOT / "examples" / "agreements" / "vp202-dagpenge-6-uger.json"))
        page.click("#open-form button[type=submit]")
        page.wait_for_selector("#findings li.finding")
        page.locator("#sec-periode").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -20)")
        save(page, "side")
        page.goto(base + "/regler/VP202")
        save(page, "regel")
        page.goto(base + "/revision")
        page.set_input_files("#audit-file", str(ROOT / "examples" / "exports" / "vitas-eksempel.csv"))
        page.click("#audit-form button[type=submit]")
        page.wait_for_load_state()
        save(page, "rapport")
        page.locator("#duration figure").first.scroll_into_view_if_needed()
        save(page, "rapport-varighed")
        browser.close()
    srv.should_exit = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
