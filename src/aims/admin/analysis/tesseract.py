"""The Tesseract command: one single-threaded run per image, image on stdin, result on stdout."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence

from PIL import Image

_STDERR_CHARS = 300


class TesseractFailed(RuntimeError):
    """The configured Tesseract command is missing or failed on a page."""


def run_tesseract(image: Image.Image, command: str, arguments: Sequence[str]) -> bytes:
    """Run `command stdin stdout ARGUMENTS` on a greyscale image and return its output."""
    grey = image if image.mode == "L" else image.convert("L")
    handover = b"P5\n%d %d\n255\n" % grey.size + grey.tobytes()  # binary PGM: nothing to decode
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # pages already run in parallel
    try:
        completed = subprocess.run(  # noqa: S603 - the configured tesseract binary, no shell
            [command, "stdin", "stdout", *arguments],
            input=handover,
            capture_output=True,
            env=environment,
            check=False,
        )
    except OSError as error:
        raise TesseractFailed(f"cannot run tesseract command {command!r}: {error}") from None
    if completed.returncode != 0:
        detail = completed.stderr.decode(errors="replace").strip()[-_STDERR_CHARS:]
        raise TesseractFailed(f"{command} exited with {completed.returncode}: {detail}")
    return completed.stdout
