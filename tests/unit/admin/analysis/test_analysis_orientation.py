"""The cheap projection-profile test that decides when orientation detection is needed."""

from __future__ import annotations

from PIL import Image, ImageDraw

from aims.admin.analysis.orientation import looks_vertical


def _page(lines_run_down: bool) -> Image.Image:
    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for index in range(12):
        offset = 60 + index * 40
        for step in range(0, 420, 14):
            # irregular word-like marks so that gaps between marks do not line up
            length = 8 + (index * 7 + step) % 5
            if lines_run_down:
                draw.rectangle((offset, 80 + step, offset + 18, 80 + step + length), fill=0)
            else:
                draw.rectangle((80 + step, offset, 80 + step + length, offset + 18), fill=0)
    return image


def test_horizontal_lines_do_not_look_vertical() -> None:
    assert not looks_vertical(_page(lines_run_down=False))


def test_lines_running_down_the_page_look_vertical() -> None:
    assert looks_vertical(_page(lines_run_down=True))


def test_a_single_line_of_text_does_not_look_vertical() -> None:
    image = Image.new("L", (1200, 300), 255)
    draw = ImageDraw.Draw(image)
    for index in range(30):
        draw.rectangle((60 + index * 36, 120, 60 + index * 36 + 24, 170), fill=0)
    assert not looks_vertical(image)
