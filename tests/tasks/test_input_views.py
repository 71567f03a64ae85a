"""Optional multi-view input: the model sees N views (default one, the benchmark as published)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log
from inspect_ai.model import ContentImage, ContentText, get_model
from PIL import Image

from code3dbench.tasks.tasks import revision, single_shot
from tests.tasks.test_tasks import scripted


def _images(content: list) -> list[ContentImage]:
    return [c for c in content if isinstance(c, ContentImage)]


@pytest.mark.chromium
def test_the_model_sees_three_views(builtin_references, tmp_path: Path) -> None:
    task = single_shot(dataset="builtin", sandbox="local", input_views=3)
    [log] = inspect_eval(
        task,
        model=get_model("mockllm/model", custom_outputs=scripted(None)),
        sample_id="furniture_chair",
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    [sample] = read_eval_log(log.location, resolve_attachments=True).samples
    prompt = sample.messages[1].content
    images = _images(prompt)
    assert len(images) == 3
    reference = builtin_references["furniture_chair"].image.read_bytes()
    decoded = [base64.b64decode(i.image.removeprefix("data:image/png;base64,")) for i in images]
    assert decoded[0] == reference  # view 1 is the published reference image, untouched
    sizes = [Image.open(io.BytesIO(data)).size for data in decoded]
    assert sizes == [(512, 512), (256, 256), (256, 256)]
    texts = " ".join(c.text for c in prompt if isinstance(c, ContentText))
    assert "View 2 (front)" in texts and "View 3 (right)" in texts and "azimuth 90 degrees" in texts
    assert log.eval.metadata["input_views"] == 3


def test_input_views_out_of_range_is_refused() -> None:
    for count in (0, 8):
        with pytest.raises(ValueError, match="input_views must be between 1 and 7"):
            revision(dataset="builtin", sandbox="local", input_views=count)


def test_default_is_one_view() -> None:
    # The default prompt (one image) is checked end to end in test_tasks.py.
    assert single_shot(dataset="builtin", sandbox="local").metadata["input_views"] == 1
