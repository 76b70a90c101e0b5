"""The values this site's templates (overrides/) read: ``config.extra.ui``, the theme's own strings (footer,
feed link, link previews), from the same catalog as the quizzes' and in the same language."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from quizlib.strings import ui_strings


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra["ui"] = ui_strings(config.theme.get("language") or "en")
    return config
