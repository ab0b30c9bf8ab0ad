"""Layer Playground: the entry point of the Space and of `python app.py`."""

import os

# no analytics, no telemetry: the app never calls out, whatever the host's settings
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import torch  # after the environment above

from playground.isolation.worker import default_runner
from playground.ui.app import LAUNCH_KWARGS, build_demo, warm_up

torch.set_num_threads(1)  # two busy threads on a 2-core box make forward times swing 80x
runner = default_runner()  # the workers start before the page is served
demo = build_demo(runner)
warm_up(runner)

if __name__ == "__main__":
    demo.launch(server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"), **LAUNCH_KWARGS)
