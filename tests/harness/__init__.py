"""What the tests and the benchmarks share: the app launched on loopback, the page driven in
headless Chromium, the costliest configurations the controls reach, small statistics.

Neither side imports the other: `tests/` never imports `benchmarks/`, and `benchmarks/`
never imports `tests/`; both import this package."""
