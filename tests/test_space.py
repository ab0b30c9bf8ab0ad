"""The repository deploys as a Hugging Face Space unchanged: its README front matter is a valid
Space configuration pinned like requirements.txt, and the app started as a Space starts it
(`python app.py`, `GRADIO_SERVER_NAME=0.0.0.0`, a port, `SPACE_ID` set) builds its share links
on the Space page's address, which is what people share (the app itself runs in a frame)."""

from __future__ import annotations

import re

import pytest
import yaml
from harness.app import ROOT, running_app
from harness.browser import TIMEOUT_MS
from playwright.sync_api import Browser, expect

README = ROOT / "README.md"
# the values the Hub accepts (huggingface.co/docs/hub/spaces-config-reference)
COLOURS = {"red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"}
HARDWARE = {"cpu-basic", "cpu-upgrade", "t4-small", "t4-medium", "l4x1", "l4x4", "a10g-small", "a10g-large"}
HARDWARE |= {"a10g-largex2", "a10g-largex4", "a100-large", "zero-a10g"}


def front_matter() -> dict:
    text = README.read_text()
    assert text.startswith("---\n"), "a Space's README starts with its YAML front matter"
    return yaml.safe_load(text.split("---\n")[1])


def test_front_matter_is_a_valid_space_config() -> None:
    front = front_matter()
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line)
    assert front["sdk"] == "gradio"
    assert front["sdk_version"] == pins["gradio"]
    assert (ROOT / front["app_file"]).is_file()
    assert front["python_version"] == "3.11"  # a string: unquoted, YAML would read 3.1 from 3.10
    assert front["colorFrom"] in COLOURS and front["colorTo"] in COLOURS
    assert front["suggested_hardware"] in HARDWARE
    assert isinstance(front["pinned"], bool)
    assert isinstance(front["title"], str) and 0 < len(front["title"]) <= 30
    assert isinstance(front["short_description"], str) and len(front["short_description"]) <= 60
    assert all(isinstance(tag, str) for tag in front["tags"])
    assert len(front["emoji"]) == 1


@pytest.mark.server
@pytest.mark.e2e
def test_started_as_a_space_the_link_is_the_space_pages(browser: Browser, tmp_path) -> None:
    space = "layer-playground/classroom"
    env = {"SPACE_ID": space, "GRADIO_SERVER_NAME": "0.0.0.0", "PLAYGROUND_DEVICE": "cpu"}
    with running_app(env, 180, tmp_path / "space.log") as (url, _):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{url}?layer=Conv2d&out_channels=4&__theme=light")
        expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 4, 28, 28)", timeout=TIMEOUT_MS)
        assert not page.locator("#link-notice").is_visible()  # the Hub's own keys are not the person's
        page.locator("#copy-link").click()
        box = page.locator("#share-link textarea, #share-link input").first
        expect(box).to_have_value(re.compile("^https://huggingface.co/spaces/"), timeout=TIMEOUT_MS)
        assert box.input_value() == f"https://huggingface.co/spaces/{space}?layer=Conv2d&out_channels=4"
        page.close()
    assert "0.0.0.0" in (tmp_path / "space.log").read_text()
