"""The pipeline's components, by name, and which ones run in which order: one place.

Like spaCy's `add_pipe`, a component is a named function over the one `Doc`; the pipeline
runs the configured names in order. The default order is `DEFAULT_PIPELINE`; a setting names
another (`UNIONNEWS_PIPELINE="zones,segment,…"`) or replaces a component by name with a
function of one's own (`UNIONNEWS_COMPONENTS="score=mypackage.scoring:score"`), and so do the
CLI's `--component NAME=MODULE:FUNCTION` options. A replacement takes `(doc, run)` like the
component it replaces and reads only the `Doc` and the `Run`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

PIPELINE_SETTING = "UNIONNEWS_PIPELINE"
COMPONENTS_SETTING = "UNIONNEWS_COMPONENTS"
DEFAULT_PIPELINE: tuple[str, ...] = (
    "zones", "segment", "orgs", "figures", "indicators", "repeats", "decide", "score",
)


@dataclass(frozen=True)
class Run:
    """What a component may read besides the `Doc`: the article's context and the tagger,
    and the federation and province the article speaks for."""

    context: Any
    tagger: Any
    federation: str | None
    province: str | None


Component = Callable[[Any, Run], None]
_REGISTRY: dict[str, Component] = {}


class ComponentError(ValueError):
    """A pipeline setting that names no component, or a replacement that cannot be loaded."""


def component(name: str) -> Callable[[Component], Component]:
    """Register a function as the component called `name`."""
    def register(func: Component) -> Component:
        _REGISTRY[name] = func
        return func
    return register


def load_function(spec: str) -> Component:
    """ "package.module:function" → the function."""
    module, _, attr = spec.partition(":")
    if not module or not attr:
        raise ComponentError(f"a component is MODULE:FUNCTION, got {spec!r}")
    try:
        func = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ComponentError(f"cannot load component {spec!r}: {exc}") from None
    if not callable(func):
        raise ComponentError(f"component {spec!r} is not a function")
    return func


def parse_replacements(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """["score=pkg.mod:f", …] → {"score": "pkg.mod:f"}, names checked."""
    out = {}
    for item in items:
        name, sep, spec = item.partition("=")
        name = name.strip()
        if not sep or not spec.strip():
            raise ComponentError(f"a replacement is NAME=MODULE:FUNCTION, got {item!r}")
        if name not in DEFAULT_PIPELINE:
            raise ComponentError(f"no component called {name!r} (components: "
                                 f"{', '.join(DEFAULT_PIPELINE)})")
        out[name] = spec.strip()
    return out


@dataclass(frozen=True)
class PipelineSpec:
    names: tuple[str, ...] = DEFAULT_PIPELINE
    replacements: tuple[tuple[str, str], ...] = ()

    def without(self, *names: str) -> PipelineSpec:
        """The same pipeline less the components `names` ("decide": the rules' own
        decisions, as training and the rules' tests read them)."""
        return replace(self, names=tuple(n for n in self.names if n not in names))

    def is_default(self) -> bool:
        return self.names == DEFAULT_PIPELINE and not self.replacements

    def label(self) -> str:
        """How this pipeline differs from the default, for the extractor's version."""
        parts = [] if self.names == DEFAULT_PIPELINE else ["+".join(self.names)]
        parts += [f"{n}={s}" for n, s in self.replacements]
        return ",".join(parts)

    def components(self) -> list[tuple[str, Component]]:
        import nlp.pipeline  # noqa: F401  (the module that registers the components)

        replaced = dict(self.replacements)
        out = []
        for name in self.names:
            if name in replaced:
                out.append((name, load_function(replaced[name])))
            elif name in _REGISTRY:
                out.append((name, _REGISTRY[name]))
            else:
                raise ComponentError(f"no component called {name!r} (components: "
                                     f"{', '.join(DEFAULT_PIPELINE)})")
        return out


def configured(replacements: Mapping[str, str] | None = None,
               environ: Mapping[str, str] | None = None) -> PipelineSpec:
    """The pipeline the settings ask for, with `replacements` (from the CLI) on top."""
    env = os.environ if environ is None else environ
    names = DEFAULT_PIPELINE
    if env.get(PIPELINE_SETTING):
        names = tuple(n.strip() for n in env[PIPELINE_SETTING].split(",") if n.strip())
        unknown = [n for n in names if n not in DEFAULT_PIPELINE]
        if unknown:
            raise ComponentError(f"{PIPELINE_SETTING} names no component {unknown[0]!r} "
                                 f"(components: {', '.join(DEFAULT_PIPELINE)})")
    chosen = parse_replacements(tuple(
        s for s in env.get(COMPONENTS_SETTING, "").split(",") if s.strip()))
    chosen.update(replacements or {})
    return PipelineSpec(names, tuple(sorted(chosen.items())))
