"""Every event that hides its progress keeps its loading status on the one hidden sink
(playground/ui/progress.py): gradio's front end copies every block that ever held a status at
each status change of any event."""

from __future__ import annotations

import gradio as gr

from playground.ui.progress import aim_progress, progress_sink


def test_hidden_progress_goes_to_the_sink_and_shown_progress_stays() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        out = gr.Textbox()
        own = gr.Markdown()
        box.change(lambda x: x, box, out, show_progress="hidden")
        box.submit(lambda x: x, box, out)  # shows its progress: on its outputs, as before
        box.blur(lambda x: x, box, out, show_progress="hidden", show_progress_on=own)  # names its own
        sink = progress_sink()
    aim_progress(demo, sink)
    targets = [d["show_progress_on"] for d in demo.get_config_file()["dependencies"]]
    assert targets == [[sink._id], None, [own._id]]
    assert sink.visible is False  # never mounted: nothing to copy, nothing on screen
