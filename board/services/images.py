"""Check, re-encode and store uploaded pictures (covers and avatars)."""

from __future__ import annotations

import io
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from board.domain.errors import InvalidInput

UPLOAD_MAX_BYTES = (
    5 * 1024 * 1024
)  # a good phone photo fits; larger files are rarely needed on screen
# Decoding a small file into a huge canvas is a classic denial of service; 40 megapixels is plenty.
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
STORED_FORMAT = "WEBP"  # small files at good quality, supported by every current browser
STORED_QUALITY = 82  # visually clean for photos at about a third of JPEG-95's size


@dataclass(frozen=True)
class ImageKind:
    """How one kind of picture is shaped when stored."""

    field: str
    width: int
    height: int | None  # None keeps the aspect ratio; a number crops to fill width x height
    thumb_width: int | None


# A cover is shown at most ~1000 CSS px wide; 1600 covers high-density screens.
COVER = ImageKind(field="cover", width=1600, height=None, thumb_width=480)
# Avatars are shown at most 96 CSS px; 256 px stays sharp at 2x and more.
AVATAR = ImageKind(field="avatar", width=256, height=256, thumb_width=None)


def _decode(data: bytes, field: str) -> Image.Image:
    if len(data) > UPLOAD_MAX_BYTES:
        raise InvalidInput([(field, "The picture is larger than 5 MB.")])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise InvalidInput([(field, "Use a JPEG, PNG, WebP or GIF picture.")])
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidInput([(field, "The picture has too many pixels.")])
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except InvalidInput:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput([(field, "Use a JPEG, PNG, WebP or GIF picture.")]) from None
    except (OSError, SyntaxError, ValueError):
        raise InvalidInput([(field, "The picture could not be read; it may be damaged.")]) from None
    return image


def _normalise(image: Image.Image) -> Image.Image:
    # Apply the camera's rotation before EXIF is dropped, then keep only pixels.
    image = ImageOps.exif_transpose(image) or image
    mode = "RGBA" if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info else "RGB"
    return image.convert(mode)


def _shape(image: Image.Image, width: int, height: int | None) -> Image.Image:
    if height is not None:
        return ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
    if image.width <= width:
        return image
    new_height = max(1, round(image.height * width / image.width))
    return image.resize((width, new_height), Image.Resampling.LANCZOS)


def _save(image: Image.Image, path: Path) -> None:
    buffer = io.BytesIO()
    image.save(buffer, STORED_FORMAT, quality=STORED_QUALITY, method=4)
    path.write_bytes(buffer.getvalue())


STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{24}\.webp$")


def is_stored(filename: str, upload_dir: Path) -> bool:
    """Tell whether `filename` names a picture this board stored (never a path elsewhere)."""
    return bool(STORED_NAME.match(filename)) and (upload_dir / filename).is_file()


def thumbnail_name(filename: str) -> str:
    """Return the stored name of a picture's small version."""
    stem, _, suffix = filename.rpartition(".")
    return f"{stem}-thumb.{suffix}"


def store_image(data: bytes, kind: ImageKind, upload_dir: Path) -> str:
    """Validate and store a picture re-encoded without metadata; return its random file name."""
    image = _normalise(_decode(data, kind.field))
    upload_dir.mkdir(parents=True, exist_ok=True)
    # A random name: nothing the uploader chose reaches the file system or the URL.
    filename = f"{secrets.token_urlsafe(18)}.{STORED_FORMAT.lower()}"
    _save(_shape(image, kind.width, kind.height), upload_dir / filename)
    if kind.thumb_width is not None:
        _save(_shape(image, kind.thumb_width, None), upload_dir / thumbnail_name(filename))
    return filename
