"""A static HTML gallery of every sample: reference, each step's render, status, metrics, code.

The page works offline: its images are copied next to it (``images/``, named by their
sha256, so a reference shared by several models is stored once) or, with ``embed=True``,
written into the page as data URIs; the filters (model, task, category, status) are plain
JavaScript in the page, and nothing is loaded from the network. A file that is gone (a log
moved without its artifacts folder, a cache that was cleared) is shown as a box that names
the missing path. Each sample can open a 3D viewer and its multi-view strips
(:mod:`code3dbench.report.viewer`, scripts in ``viewer/``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from code3dbench.report.logs import ErroredSample, SampleResult, StepView
from code3dbench.report.summary import ReportSummary
from code3dbench.report.viewer import viewer_panel, write_viewer_assets

PROGRAM_FILE = "program.js"
RENDER_FILE = "render.png"
MAX_PROGRAM_CHARS = 200_000
"""Longest program shown in full; longer ones are cut with a note."""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class ImageStore:
    """Puts images where the page finds them: copied into ``folder`` or as data URIs."""

    folder: Path
    embed: bool = False
    copied: int = 0
    missing: int = 0

    def source(self, path: Path) -> str | None:
        """The ``src`` of an image file, or None when the file is missing."""
        try:
            data = path.read_bytes()
        except OSError:
            self.missing += 1
            return None
        if self.embed:
            return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        name = hashlib.sha256(data).hexdigest()[:24] + path.suffix.lower()
        target = self.folder / name
        if not target.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            self.copied += 1
        return f"{self.folder.name}/{name}"


def _figure(src: str | None, caption: str, missing: str, css: str = "") -> str:
    if src is None:
        picture = f'<div class="placeholder">{_e(missing)}</div>'
    else:
        picture = f'<img loading="lazy" src="{_e(src)}" alt="{_e(missing)}">'
    klass = f' class="{css}"' if css else ""
    return f"<figure{klass}>{picture}<figcaption>{caption}</figcaption></figure>"


def _metric(value: float | None, digits: int) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _step_caption(step: StepView, best: bool) -> str:
    status = f'<span class="status {_e(step.status)}">{_e(step.status)}</span>'
    parts = [f"<b>{_e(step.title)}</b> {status}"]
    if best:
        parts.append('<span class="badge">best</span>')
    lines = [" ".join(parts)]
    m = step.metrics
    if step.executed:
        lines.append(
            f"CD {_metric(m.get('cd'), 2)} · F@5 {_metric(m.get('f5'), 3)} · "
            f"NC {_metric(m.get('nc'), 3)}"
        )
        lines.append(
            f"SSIM {_metric(m.get('ssim'), 3)} · MSE {_metric(m.get('mse'), 4)} · "
            f"{step.triangles:,} triangles"
        )
    if step.error:
        lines.append(f'<span class="err">{_e(step.error)}</span>')
    return "<br>".join(lines)


def _step_figure(step: StepView, best: bool, images: ImageStore) -> str:
    caption = _step_caption(step, best)
    css = "best" if best else ""
    if not step.executed:
        return _figure(None, caption, f"no render: {step.status}", css)
    if step.folder is None:
        return _figure(None, caption, "render missing: the step has no artifacts folder", css)
    render = step.folder / RENDER_FILE
    return _figure(images.source(render), caption, f"render file missing: {render}", css)


def _program(step: StepView) -> str:
    if step.folder is not None:
        path = step.folder / PROGRAM_FILE
        try:
            code = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            code = None
        if code is not None:
            return _code_block(code, f"{path}")
    if step.program is not None:
        source = "from the model's reply (program.js not found)"
        return _code_block(step.program, source)
    if step.status == "no_code":
        return "<p>No program: the reply held no code.</p>"
    where = step.folder / PROGRAM_FILE if step.folder else "no artifacts folder"
    return f"<p>Program file missing: {_e(where)}</p>"


def _code_block(code: str, source: str) -> str:
    note = ""
    if len(code) > MAX_PROGRAM_CHARS:
        code = code[:MAX_PROGRAM_CHARS]
        note = f" (first {MAX_PROGRAM_CHARS:,} characters)"
    return f"<p>{_e(source)}{note}</p><pre><code>{_e(code)}</code></pre>"


def _reference(path: str | None, images: ImageStore) -> str:
    if not path:
        return _figure(None, "<b>Reference</b>", "reference image not recorded in the log")
    source = images.source(Path(path))
    return _figure(source, "<b>Reference</b>", f"reference image missing: {path}")


def sample_card(sample: SampleResult, images: ImageStore) -> str:
    """The HTML of one scored sample."""
    statuses = {step.status for step in sample.steps}
    if sample.sandbox_error:
        statuses.add("sandbox_error")
    figures = [_reference(sample.reference_image, images)]
    figures += [_step_figure(step, step.step == sample.best_step, images) for step in sample.steps]
    code = "".join(
        f"<details><summary>Code, {_e(step.title.lower())} ({_e(step.status)})</summary>"
        f"{_program(step)}</details>"
        for step in sample.steps
    )
    code = viewer_panel(sample, images.folder.parent, images.source) + code
    best = f"best step {sample.best_step}" if sample.best_step else "no executable step"
    note = " · sandbox fault: left out of the numbers" if sample.sandbox_error else ""
    if sample.key.agent:
        note += f" · {_agent_note(sample)}"
    return _card(
        sample.key.label,
        sample.key.task_label,
        sample.category,
        sorted(statuses),
        f"{_e(sample.sample_id)}",
        f"{_e(sample.key.label)} · {_e(sample.key.task_label)} · epoch {sample.epoch} · "
        f"{_e(sample.category)} · {best}{note}",
        "".join(figures),
        code,
    )


def _agent_note(sample: SampleResult) -> str:
    """How an agent's sample ended: submitted, or which run stands in for the submission."""
    runs = f"{sample.value('runs'):.0f} run(s)"
    if sample.value("submitted") == 1.0:
        return f"{runs}, submitted"
    final = f"final: step {sample.final_step}" if sample.final_step else "nothing executed"
    ended = f", ended by the {sample.limit} limit" if sample.limit else ""
    return f"{runs}, not submitted ({final}){ended}"


def errored_card(sample: ErroredSample, images: ImageStore) -> str:
    """The HTML of a sample without a score."""
    category = sample.category or "unknown"
    return _card(
        sample.key.label,
        sample.key.task_label,
        category,
        ["error"],
        f"{_e(sample.sample_id)}",
        f"{_e(sample.key.label)} · {_e(sample.key.task_label)} · epoch {sample.epoch} · "
        f'{_e(category)} · <span class="status error">error</span> {_e(sample.error)}',
        _reference(sample.reference_image, images),
        "",
    )


def _card(
    model: str,
    task: str,
    category: str,
    statuses: list[str],
    title: str,
    subtitle: str,
    figures: str,
    code: str,
) -> str:
    return (
        f'<article class="card" data-model="{_e(model)}" data-task="{_e(task)}" '
        f'data-category="{_e(category)}" data-status="{_e(" ".join(statuses))}">'
        f'<h2>{title}</h2><div class="sub">{subtitle}</div>'
        f'<div class="strip">{figures}</div>{code}</article>'
    )


def _options(values: Iterable[str]) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in sorted(set(values)))


def write_gallery(summary: ReportSummary, folder: Path, embed: bool = False) -> ImageStore:
    """Write ``folder/index.html`` (and ``folder/images/``); return what was copied/missing.

    Args:
        summary: The report.
        folder: Where the page goes.
        embed: Write images into the page as data URIs instead of copying them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    write_viewer_assets(folder)
    images = ImageStore(folder / "images", embed=embed)
    loaded = summary.loaded
    entries: list[tuple[tuple, str]] = []
    for sample in loaded.samples:
        order = (sample.sample_id, sample.key.order, sample.epoch)
        entries.append((order, sample_card(sample, images)))
    for errored in loaded.errored:
        order = (errored.sample_id, errored.key.order, errored.epoch)
        entries.append((order, errored_card(errored, images)))
    entries.sort(key=lambda item: item[0])
    statuses = {s.status for sample in loaded.samples for s in sample.steps}
    statuses |= {"sandbox_error"} if any(s.sandbox_error for s in loaded.samples) else set()
    statuses |= {"error"} if loaded.errored else set()
    runs = [*(s.key for s in loaded.samples), *(e.key for e in loaded.errored)]
    categories = [s.category for s in loaded.samples]
    categories += [e.category or "unknown" for e in loaded.errored]
    title = "Code3DBench gallery"
    fields = {
        "title": _e(title),
        "summary": _e(
            f"Generated {summary.generated_at}; {len(entries)} samples from "
            f"{len(summary.runs)} run(s). Green frame: the best step (lowest CD)."
        ),
        "model_options": _options(k.label for k in runs),
        "task_options": _options(k.task_label for k in runs),
        "category_options": _options(categories),
        "status_options": _options(statuses),
        "count": str(len(entries)),
        "cards": "\n".join(card for _, card in entries),
    }
    page = resources.files("code3dbench.report").joinpath("templates/gallery.html").read_text()
    page = re.sub(r"\{\{(\w+)\}\}", lambda match: fields[match.group(1)], page)
    (folder / "index.html").write_text(page, encoding="utf-8")
    return images
