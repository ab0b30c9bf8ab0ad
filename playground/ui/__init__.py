"""The only package that imports gradio: layout, wiring and small adapters."""
