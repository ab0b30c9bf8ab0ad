"""The renderers: records to figures and text, without torch, so the web process stays light."""
