"""The task's setup step: put the sample's reference image into its prompt.

Samples carry the instruction and, in their metadata, where the reference image will be; the
image is prepared (read from the cache or rendered, see `code3dbench.assets.preparer`) when the
sample starts, and appended to the user message as a data URI. A reference that cannot be
prepared ends only its sample, before the model is asked anything: the reason is kept in the
store and the transcript, and the scorer reports the sample as an infrastructure fault.
"""

from __future__ import annotations

from inspect_ai.log import transcript
from inspect_ai.model import ChatMessageUser, ContentImage
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import materialize_media, store_as

from code3dbench.assets.preparer import ReferencePreparer, ReferenceUnavailableError
from code3dbench.solvers.steps import CodeSteps


def _with_image(message: ChatMessageUser, image: str) -> ChatMessageUser:
    content = [message.content] if isinstance(message.content, str) else list(message.content)
    return message.model_copy(update={"content": [*content, ContentImage(image=image)]})


@solver
def attach_reference(preparer: ReferencePreparer) -> Solver:
    """Prepare the sample's reference image and append it to the first user message.

    Args:
        preparer: Prepares the references of the task's manifest (shared by its samples).
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        try:
            reference = await preparer.prepare(str(state.sample_id))
        except ReferenceUnavailableError as err:
            store_as(CodeSteps).reference_error = str(err)
            transcript().info(
                f"**Reference unavailable**: {err}. The model was not asked; the sample is "
                "scored as an infrastructure fault.",
                source="code3dbench",
            )
            state.completed = True
            return state
        image = await materialize_media(str(reference.image), mime_type="image/png")
        index = next(i for i, m in enumerate(state.messages) if isinstance(m, ChatMessageUser))
        state.messages[index] = _with_image(state.messages[index], image)
        return state

    return solve
