"""The values this site's templates (overrides/) read: ``config.extra.ui``, the theme's own strings (footer,
feed link, link previews), from the same catalog as the quizzes' and in the same language."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from quizlib.strings import ui_strings


def extra(language: str) -> dict[str, object]:
    """What the templates read under ``config.extra``, for a site in ``language`` (scripts/build-zensical.py too)."""
    return {"ui": ui_strings(language)}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for key, value in extra(config.theme.get("language") or "en").items():
        config.extra[key] = value
    return config
